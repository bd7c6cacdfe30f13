import Agent
import Foundation
import Scales
import Testing

/// Every registered driver ships what an installer and the next developer need (docs/developing.md, "Adding a driver"):
/// a README, a sample configuration that passes `config check`, and recorded frames.
@Suite("Scale driver catalogue")
struct DriverCatalogueTests {
    static let folder = FrameVector.scalesFolder

    @Test("each driver folder has README.md, sample.toml and Fixtures/ with frames", arguments: ScaleDrivers.all.map(\.name))
    func folderContents(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        let base = "\(Self.folder)/\(driver.folder)"
        let readme = try String(contentsOfFile: "\(base)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified"), "\(base)/README.md must say what is verified and what is not")
        #expect(FileManager.default.fileExists(atPath: "\(base)/sample.toml"), "\(base)/sample.toml is missing")
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: "\(base)/Fixtures")) ?? []
        #expect(!fixtures.isEmpty, "\(base)/Fixtures/ is missing or empty")
        #expect(FrameVector.load(driver).count >= 10, "\(base)/Fixtures/frames.jsonl needs recorded frames")
    }

    @Test("each sample.toml is a valid [[devices]] entry for its driver", arguments: ScaleDrivers.all.map(\.name))
    func sampleConfiguration(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        let sample = try String(contentsOfFile: "\(Self.folder)/\(driver.folder)/sample.toml", encoding: .utf8)
        let text = "[agent]\ndevice = \"d\"\nsite = \"s\"\nstate_dir = \"/var/lib/laneagent\"\n\n" + sample
        let config = try AgentConfig.parse(text, path: "sample.toml")
        #expect(config.devices.count == 1)
        #expect(config.devices.first?.driver == name)
    }

    @Test("the driver folders the build finds (those with a README.md) are exactly the driver table's")
    func folderList() throws {
        let family = Self.folder
        let found = try FileManager.default.contentsOfDirectory(atPath: family).filter {
            FileManager.default.fileExists(atPath: "\(family)/\($0)/README.md")
        }
        let registered = ScaleDrivers.all.map { String($0.folder.split(separator: "/").last!) }
        #expect(Set(found) == Set(registered), "drivers/Scales: folders \(found.sorted()), driver table \(registered.sorted())")
    }
}
