import Agent
import ConfigFile
import DeviceKit
import Foundation
import Testing

/// Every driver of every family ships a README that says what is verified, fixtures, and a
/// sample `[[devices]]` entry that the agent's own configuration parser accepts.
@Suite("Driver folders and their sample configurations")
struct DriverSampleConfigTests {
    static let drivers = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("drivers").path
    static let header = """
        [agent]
        device = "d"
        site = "s"
        state_dir = "/var/lib/laneagent"

        [evidence]
        seal_to = "\(Data(repeating: 9, count: 32).base64EncodedString())"

        """

    /// Package.swift takes every folder of a family with a README.md as a driver's (its sources
    /// built, its documentation left out): one that is in no driver table would build unused.
    @Test("the driver folders the build finds in every family are exactly the registered drivers' folders")
    func foundFoldersAreRegistered() throws {
        let families = Set(DriverCatalogue.all.map { String($0.folder.split(separator: "/").first!) })
        #expect(families.count >= 5, "\(families.sorted())")
        var found: Set<String> = []
        for family in families {
            let base = "\(Self.drivers)/\(family)"
            for name in try FileManager.default.contentsOfDirectory(atPath: base) where FileManager.default.fileExists(atPath: "\(base)/\(name)/README.md") {
                found.insert("\(family)/\(name)")
            }
        }
        #expect(found == Set(DriverCatalogue.all.map(\.folder)), "found \(found.sorted()), registered \(DriverCatalogue.all.map(\.folder).sorted())")
    }

    @Test("each driver folder has README.md (with what is verified), sample.toml and Fixtures/", arguments: DriverCatalogue.all.map(\.name))
    func folder(_ name: String) throws {
        let driver = try #require(DriverCatalogue.named(name))
        let base = "\(Self.drivers)/\(driver.folder)"
        let readme = try String(contentsOfFile: "\(base)/README.md", encoding: .utf8)
        #expect(readme.contains("## What is verified"), "\(base)/README.md must say what is verified")
        let fixtures = (try? FileManager.default.contentsOfDirectory(atPath: "\(base)/Fixtures")) ?? []
        #expect(!fixtures.isEmpty, "\(base)/Fixtures/ is missing or empty")
        let verified = readme.components(separatedBy: "## What is verified").dropFirst().first ?? ""
        #expect(verified.contains("**\(driver.verification.level.rawValue)**"),
                "\(base)/README.md's What is verified must give the level diag drivers prints: \(driver.verification.level.rawValue)")
        #expect(readme.contains("docs/protocols.md"), "\(base)/README.md should point to docs/protocols.md")
    }

    /// A driver that claims third-party verification decodes third-party material in its tests,
    /// and every such file says where it came from.
    @Test("third-party verification has third-party fixtures, each named in Fixtures/third-party/SOURCES.md", arguments: DriverCatalogue.all.map(\.name))
    func provenance(_ name: String) throws {
        let driver = try #require(DriverCatalogue.named(name))
        let fixtures = "\(Self.drivers)/\(driver.folder)/Fixtures"
        let files = ((try? FileManager.default.contentsOfDirectory(atPath: "\(fixtures)/third-party")) ?? []).filter { $0 != "SOURCES.md" }
        guard driver.verification.level == .thirdParty || !files.isEmpty else { return }
        #expect(!files.isEmpty, "\(name) claims \(driver.verification.level.rawValue) but \(fixtures)/third-party/ is empty")
        let sources = try String(contentsOfFile: "\(fixtures)/third-party/SOURCES.md", encoding: .utf8)
        for file in files { #expect(sources.contains(file), "\(fixtures)/third-party/\(file) is not named in third-party/SOURCES.md") }
        // Every fixture line says whose it is; a third-party driver's tests run third-party material.
        let lines = ["frames.jsonl", "requests.jsonl", "documents.jsonl"].compactMap { try? String(contentsOfFile: "\(fixtures)/\($0)", encoding: .utf8) }
            .flatMap { $0.split(separator: "\n") }
        // serial-mrz and hid-code decode their third-party files in suites of their own
        // (MRZThirdPartyTests, HIDThirdPartyTests): specimens and key-event listings are not byte streams;
        // pcsc-passport's are proved by DocumentSecurityTests and EPassportTests (passports, not streams).
        if driver.verification.level == .thirdParty, !["serial-mrz", "hid-code", "pcsc-passport"].contains(name) {
            #expect(lines.contains { $0.contains("\"source\": \"third-party") || $0.contains("\"source\":\"third-party") },
                    "\(name) claims third-party verification but no fixture line runs third-party material")
        }
    }

    @Test("each sample.toml is a valid [[devices]] entry for its driver", arguments: DriverCatalogue.all.map(\.name))
    func sample(_ name: String) throws {
        let driver = try #require(DriverCatalogue.named(name))
        let sample = try String(contentsOfFile: "\(Self.drivers)/\(driver.folder)/sample.toml", encoding: .utf8)
        let config = try AgentConfig.parse(Self.header + sample, path: "sample.toml")
        let device = try #require(config.devices.first)
        #expect(config.devices.count == 1 && device.driver == name && device.transport == driver.transport)
        #expect(driver.kinds.contains(device.kind.rawValue))
    }

    @Test("network devices: addresses and CIDR blocks, the terminal serial, [http] and [evidence]")
    func networkDevices() throws {
        let config = try AgentConfig.parse(Self.header + """
            [http]
            listen = "127.0.0.1:9090"
            max_body_kb = 512

            [[devices]]
            id = "plate-1"
            kind = "plate-reader"
            driver = "hikvision-anpr"
            address = ["192.168.1.64", "10.20.0.0/16", "fd00::/8"]

            [[devices]]
            id = "fp-1"
            kind = "fingerprint-terminal"
            driver = "zkteco-push"
            address = "192.168.1.70"
            serial = "CKJX201960001"
            utc_offset_minutes = 480
            """, path: "a.toml")
        #expect(config.http == GatewaySettings(host: "127.0.0.1", port: 9090, maxBodyBytes: 512 * 1024))
        let plate = config.devices[0]
        #expect(plate.addresses.map(\.description) == ["192.168.1.64", "10.20.0.0/16", "fd00::/8"])
        #expect(plate.addresses.contains { $0.contains("10.20.3.4") } && !plate.addresses.contains { $0.contains("10.21.0.1") })
        #expect(plate.addresses.contains { $0.contains("::ffff:192.168.1.64") }, "a dual-stack socket's IPv4 peer")
        #expect(config.devices[1].terminalSerial == "CKJX201960001" && config.devices[1].utcOffsetMinutes == 480)
    }

    @Test("bad addresses, a missing seal key for biometrics and a repeated terminal serial name their line")
    func mistakes() throws {
        let text = """
            [agent]
            device = "d"
            site = "s"
            state_dir = "/x"

            [[devices]]
            id = "face-1"
            kind = "face-terminal"
            driver = "hikvision-access"
            address = ["192.168.1.300", "10.0.0.0/33"]

            [[devices]]
            id = "fp-1"
            kind = "fingerprint-terminal"
            driver = "zkteco-push"
            address = "192.168.1.70"
            serial = "SN1"

            [[devices]]
            id = "fp-2"
            kind = "fingerprint-terminal"
            driver = "zkteco-push"
            address = "192.168.1.71"
            serial = "SN1"

            [http]
            listen = "8088"
            """
        #expect {
            try AgentConfig.parse(text, path: "a.toml")
        } throws: { error in
            let message = (error as! ConfigError).description
            return message.contains("a.toml:10: [[devices]] face-1.address has \"192.168.1.300\", which is not an IP address or CIDR block")
                && message.contains("a.toml:10: [[devices]] face-1.address has \"10.0.0.0/33\"")
                && message.contains("a.toml:24: device 'fp-2' has serial \"SN1\", which 'fp-1' already has")
                && message.contains("a.toml:27: http.listen = \"8088\" is not HOST:PORT")
                && message.contains("[evidence] seal_to is required")
        }
    }
}
