import Biometrics
import DeviceKit
import Foundation
import LaneAgentTesting
import Testing

/// Every registered driver ships what an installer and the next developer need (docs/developing.md, "Adding a driver").
@Suite("Biometric driver catalogue")
struct DriverCatalogueTests {
    @Test("the family lists hikvision-access and zkteco-push for face and fingerprint terminals")
    func catalogue() {
        #expect(BiometricDrivers.names == ["hikvision-access", "zkteco-push"])
        #expect(BiometricDrivers.all.allSatisfy { Set($0.kinds) == ["face-terminal", "fingerprint-terminal"] && $0.transport == .http })
        #expect(BiometricDrivers.named("zkteco-push")?.optionKeys == ["serial", "utc_offset_minutes", "match_threshold", "liveness_check"])
        #expect(BiometricDrivers.named("hikvision-access")?.optionKeys == ["match_threshold", "liveness_check"])
        #expect(BiometricDrivers.eventDriver(named: "hikvision-access") is HikvisionAccessDriver)
        let zkteco = BiometricDrivers.eventDriver(named: "zkteco-push", options: EventDriverOptions(utcOffsetMinutes: 480))
        #expect((zkteco as? ZKTecoPushDriver)?.utcOffsetMinutes == 480)
        #expect(BiometricDrivers.eventDriver(named: "nope") == nil)
    }

    @Test("each driver folder has README.md with what is verified, sample.toml and Fixtures/", arguments: BiometricDrivers.all.map(\.name))
    func folderContents(_ name: String) throws {
        let driver = try #require(BiometricDrivers.named(name))
        let base = DriverFolder.path(driver.folder)
        let readme = try String(contentsOfFile: "\(base)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified"), "\(base)/README.md must say what is verified and what is not")
        let sample = try String(contentsOfFile: "\(base)/sample.toml", encoding: .utf8)
        #expect(sample.contains("[[devices]]") && sample.contains("driver = \"\(name)\""))
        for key in driver.optionKeys { #expect(sample.contains("\n\(key) = "), "sample.toml should show \(key)") }
        #expect(RequestFixture.load(driver).count >= 10, "\(base)/Fixtures/requests.jsonl needs recorded-shape requests")
    }

    @Test("the driver folders the build finds (those with a README.md) are exactly the driver table's")
    func folderList() throws {
        let family = DriverFolder.path("Biometrics")
        let found = try FileManager.default.contentsOfDirectory(atPath: family).filter {
            FileManager.default.fileExists(atPath: "\(family)/\($0)/README.md")
        }
        let registered = BiometricDrivers.all.map { String($0.folder.split(separator: "/").last!) }
        #expect(Set(found) == Set(registered), "drivers/Biometrics: folders \(found.sorted()), driver table \(registered.sorted())")
    }
}
