import ContainerScanners
import DeviceKit
import Foundation
import LaneAgentTesting
import Testing

/// Every registered driver ships what an installer and the next developer need (docs/developing.md, "Adding a driver").
@Suite("Container scanner driver catalogue")
struct DriverCatalogueTests {
    @Test("the family lists generic-scan-json and scan-folder for kind xray")
    func catalogue() {
        #expect(ContainerScannerDrivers.names == ["generic-scan-json", "scan-folder"])
        #expect(ContainerScannerDrivers.all.allSatisfy { $0.kinds == ["xray"] })
        #expect(ContainerScannerDrivers.named("generic-scan-json")?.transport == .http)
        #expect(ContainerScannerDrivers.named("scan-folder")?.transport == .folder)
        #expect(ContainerScannerDrivers.eventDriver(named: "generic-scan-json") != nil)
        #expect(ContainerScannerDrivers.eventDriver(named: "scan-folder") == nil)
        #expect(ContainerScannerDrivers.eventDriver(named: "nope") == nil)
    }

    @Test("each driver folder has README.md with what is verified, sample.toml and Fixtures/",
          arguments: ContainerScannerDrivers.all.map(\.name))
    func folderContents(_ name: String) throws {
        let driver = try #require(ContainerScannerDrivers.named(name))
        let base = DriverFolder.path(driver.folder)
        let readme = try String(contentsOfFile: "\(base)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified"), "\(base)/README.md must say what is verified and what is not")
        let sample = try String(contentsOfFile: "\(base)/sample.toml", encoding: .utf8)
        #expect(sample.contains("[[devices]]") && sample.contains("driver = \"\(name)\"") && sample.contains("kind = \"xray\""))
        for key in driver.optionKeys { #expect(sample.contains("\n\(key) = "), "sample.toml should show \(key)") }
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: "\(base)/Fixtures")) ?? []
        #expect(fixtures.count >= 4, "\(base)/Fixtures/ is missing or nearly empty")
    }

    @Test("the driver folders the build finds (those with a README.md) are exactly the driver table's")
    func folderList() throws {
        let family = DriverFolder.path("ContainerScanners")
        let found = try FileManager.default.contentsOfDirectory(atPath: family).filter {
            FileManager.default.fileExists(atPath: "\(family)/\($0)/README.md")
        }
        let registered = ContainerScannerDrivers.all.map { String($0.folder.split(separator: "/").last!) }
        #expect(Set(found) == Set(registered), "drivers/ContainerScanners: folders \(found.sorted()), driver table \(registered.sorted())")
    }
}
