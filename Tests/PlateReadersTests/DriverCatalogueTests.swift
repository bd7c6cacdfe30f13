import DeviceKit
import Foundation
import LaneAgentTesting
import PlateReaders
import Testing

/// Every registered driver ships what an installer and the next developer need (docs/developing.md, "Adding a driver").
@Suite("PlateReaders catalogue")
struct DriverCatalogueTests {
    @Test("each driver folder has README.md (with What is verified), sample.toml and Fixtures/", arguments: PlateReaderDrivers.names)
    func folderContents(_ name: String) throws {
        let driver = try #require(PlateReaderDrivers.named(name))
        let base = DriverFolder.path(driver.folder)
        let readme = try String(contentsOfFile: "\(base)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified"), "\(base)/README.md must say what is verified and what is not")
        #expect(readme.contains("/devices/"), "\(base)/README.md must say where the camera posts")
        let sample = try String(contentsOfFile: "\(base)/sample.toml", encoding: .utf8)
        #expect(sample.contains("[[devices]]") && sample.contains("driver = \"\(name)\"") && sample.contains("kind = \"plate-reader\""))
        #expect(sample.contains("address = "))
        #expect(RequestFixture.load(driver).count >= 10, "\(base)/Fixtures/requests.jsonl needs recorded-shape requests")
    }

    @Test("each driver is a plate-reader over HTTP with a decoder and a simulator", arguments: PlateReaderDrivers.names)
    func entries(_ name: String) throws {
        let driver = try #require(PlateReaderDrivers.named(name))
        #expect(driver.kinds == [PlateReaderDrivers.kind])
        #expect(driver.transport == .http)
        #expect(PlateReaderDrivers.eventDriver(named: name) != nil)
        #expect(PlateReaderDrivers.simulator(named: name) != nil)
    }

    @Test("the issue's driver names, and nothing for unknown ones")
    func names() {
        #expect(PlateReaderDrivers.names == ["hikvision-anpr", "generic-plate-json"])
        #expect(PlateReaderDrivers.eventDriver(named: "sma") == nil)
        #expect(PlateReaderDrivers.simulator(named: "") == nil)
    }
}
