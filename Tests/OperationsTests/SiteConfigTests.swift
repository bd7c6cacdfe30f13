import Agent
import BoardTools
import ConfigFile
import Foundation
import LaneAgentTesting
import Testing

@Suite("Site configurations in deploy/sites")
struct SiteConfigTests {
    @Test("each site passes laneagent config check once installed", arguments: InstalledSite.sites)
    func passesConfigCheck(site: String) async throws {
        let installed = try InstalledSite(site)
        let result = try await CommandRunner.laneagent(["config", "check", installed.configPath])
        #expect(result.status == 0, "\(site): \(result.stderr)")
        #expect(result.stdout.hasPrefix("ok: device "))
        #expect(result.stderr.isEmpty)
        // The in-process loader agrees with the command.
        let config = try AgentConfig.load(path: installed.configPath)
        #expect(result.stdout.trimmingCharacters(in: .newlines) == config.summary)
    }

    @Test("uninstalled, each site fails only on what the package and the installer provide", arguments: InstalledSite.sites)
    func needsOnlyInstalledFiles(site: String) throws {
        let path = RepositoryFolder.deploy.appendingPathComponent("sites/\(site)").path
        #expect(throws: ConfigError.self) { try AgentConfig.load(path: path) }
        do {
            _ = try AgentConfig.load(path: path)
        } catch {
            // Every problem names a path under an installed prefix, and nothing else is wrong.
            for problem in error.problems {
                #expect(InstalledSite.installedPrefixes.contains { problem.message.contains($0) }, "\(site):\(problem.line): \(problem.message)")
            }
        }
    }

    @Test("each site is a complete board: uplink with mutual TLS, every device on a lane, USB devices linked", arguments: InstalledSite.sites)
    func isComplete(site: String) throws {
        let installed = try InstalledSite(site)
        let config = try AgentConfig.load(path: installed.configPath)
        #expect(config.agent.stateDirectory == "/var/lib/laneagent")
        let uplink = try #require(config.uplink)
        #expect(uplink.baseURL.hasPrefix("https://"))
        #expect(uplink.caFile != nil && uplink.certFile != nil && uplink.keyFile != nil)
        #expect(uplink.centralKey != nil)
        #expect(!config.lanes.isEmpty)
        let onLanes = Set(config.lanes.flatMap(\.devices))
        for device in config.devices {
            #expect(onLanes.contains(device.id), "\(site): \(device.id) feeds no lane")
            if device.transport == .serial || device.transport == .evdev {
                #expect(device.usb != nil, "\(site): \(device.id) names no USB device, so no udev rule links \(device.port)")
                #expect(device.port == "/dev/laneagent/\(device.id)")
            }
        }
        for lane in config.lanes {
            #expect(lane.gpio.chip.hasPrefix("gpiochip"), "\(site): lane \(lane.id) must drive real GPIO")
            // The rule pack is one the package installs from deploy/rules/.
            let packName = URL(fileURLWithPath: lane.rulesPath).lastPathComponent
            #expect(FileManager.default.fileExists(atPath: RepositoryFolder.deploy.appendingPathComponent("rules/\(packName)").path))
            #expect(lane.rulesPath.hasPrefix(installed.root.path + "/usr/share/laneagent/rules/"))
        }
        #expect(UdevRuleSet.unlinkedPorts(in: config).isEmpty)
    }

    @Test("cargo sites carry a scale, plate, container, X-ray and declaration reader; the people site a document, pass, face and fingerprint device")
    func coversTheLaneDevices() throws {
        let expected: [String: Set<DeviceKind>] = [
            "huu-nghi-1119-cargo.toml": [.scale, .plateReader, .containerOCR, .xray, .codeReader],
            "bac-luan-ii-cargo.toml": [.scale, .plateReader, .containerOCR, .xray, .codeReader],
            "bac-luan-i-people.toml": [.documentReader, .codeReader, .faceTerminal, .fingerprintTerminal],
        ]
        for (site, kinds) in expected {
            let installed = try InstalledSite(site)
            let config = try AgentConfig.load(path: installed.configPath)
            #expect(Set(config.devices.map(\.kind)) == kinds, "\(site)")
            #expect(Set(config.lanes.map(\.kind.rawValue)) == [kinds.contains(.scale) ? "cargo" : "people"])
            #expect(config.lanes.allSatisfy { $0.rulesPath.hasPrefix(installed.root.path) })
        }
    }

    @Test("the people site's border-residents pack requires document, face and fingerprint")
    func borderResidentsPack() throws {
        let installed = try InstalledSite("bac-luan-i-people.toml")
        let config = try AgentConfig.load(path: installed.configPath)
        #expect(config.summary.contains("rules border-residents 2026.12.05"))
        #expect(config.evidence.sealTo != nil)
        #expect(config.lanes.first?.rulesPath == installed.root.path + "/usr/share/laneagent/rules/border-residents.toml")
        let pack = try String(contentsOf: RepositoryFolder.deploy.appendingPathComponent("rules/border-residents.toml"), encoding: .utf8)
        #expect(pack.contains("people = [\"document\", \"face\", \"fingerprint\"]"))
        #expect(pack.contains("fingerprint_required = true"))
        // Real face terminals send a verdict: the pack takes it, and liveness from a terminal
        // whose anti-spoofing the site declares on.
        #expect(pack.contains("liveness_required = true") && pack.contains("accept_terminal_liveness = true"))
        let face = try #require(config.devices.first { $0.id == "face-1" })
        #expect(face.terminal.livenessCheck)
    }

    @Test("the site names, boards and lanes are distinct, so records from the three never collide")
    func distinctBoards() throws {
        let installed = try InstalledSite.sites.map(InstalledSite.init)
        let configs = try withExtendedLifetime(installed) { try installed.map { try AgentConfig.load(path: $0.configPath) } }
        #expect(Set(configs.map(\.agent.device)).count == configs.count)
        #expect(Set(configs.map(\.agent.site)).count == configs.count)
    }
}
