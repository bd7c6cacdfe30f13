import CodeReaders
import DeviceKit
import Foundation
import Testing

@Suite("CodeReaders catalogue")
struct CodeReadersCatalogueTests {
    @Test("the family lists the issue's drivers with their kinds and transports")
    func catalogue() {
        #expect(CodeReaderDrivers.names == ["serial-code", "hid-code", "serial-mrz", "generic-container-json"])
        #expect(CodeReaderDrivers.named("serial-code")?.kinds == ["code-reader"] && CodeReaderDrivers.named("serial-code")?.transport == .serial)
        #expect(CodeReaderDrivers.named("hid-code")?.kinds == ["code-reader"] && CodeReaderDrivers.named("hid-code")?.transport == .evdev)
        #expect(CodeReaderDrivers.named("serial-mrz")?.kinds == ["document-reader"])
        #expect(CodeReaderDrivers.named("generic-container-json")?.kinds == ["container-ocr"]
            && CodeReaderDrivers.named("generic-container-json")?.transport == .http)
        #expect(CodeReaderDrivers.named("nothing") == nil)
        #expect(CodeReaderDrivers.all.allSatisfy { $0.folder.hasPrefix("CodeReaders/") })
    }

    @Test("each driver has a factory for its transport")
    func factories() {
        for driver in CodeReaderDrivers.all {
            switch driver.transport {
            case .serial: #expect(CodeReaderDrivers.serialSession(named: driver.name, device: "d") != nil, "\(driver.name)")
            case .http: #expect(CodeReaderDrivers.eventDriver(named: driver.name) != nil, "\(driver.name)")
            case .evdev, .folder, .pcsc: #expect(CodeReaderDrivers.serialSession(named: driver.name, device: "d") == nil)
            }
        }
        #expect(CodeReaderDrivers.defaultSerialSettings.description == "9600 8N1")
    }

    @Test("every driver folder has a README with what is verified, a sample [[devices]] entry naming it, and fixtures",
          arguments: CodeReaderDrivers.all.map(\.name))
    func folder(_ name: String) throws {
        let driver = try #require(CodeReaderDrivers.named(name))
        // `folder` is under drivers/, one level above the family.
        let folder = "\(FixtureFile.familyFolder)/../\(driver.folder)"
        let readme = try String(contentsOfFile: "\(folder)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified") && readme.contains(driver.name))
        let sample = try String(contentsOfFile: "\(folder)/sample.toml", encoding: .utf8)
        #expect(sample.contains("[[devices]]") && sample.contains("driver = \"\(driver.name)\""))
        for key in driver.optionKeys { #expect(sample.contains("\(key) ="), "\(key) not in sample.toml") }
        let fixtures = try FileManager.default.contentsOfDirectory(atPath: "\(folder)/Fixtures")
        #expect(fixtures.contains { $0.hasSuffix(".jsonl") })
    }

    @Test("USB identities are unique across the family and name their mode")
    func usbIdentities() {
        let identities = CodeReaderDrivers.all.flatMap(\.usbIdentities)
        #expect(Set(identities.map(\.id)).count == identities.count)
        #expect(CodeReaderDrivers.named("serial-code")!.usbIdentities.contains { $0.id == "05e0:1701" })
        #expect(CodeReaderDrivers.named("hid-code")!.usbIdentities.contains { $0.id == "1eab:0c03" })
    }
}
