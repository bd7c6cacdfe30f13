import AgentTesting
import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

@Suite("laneagent keys and config check")
struct KeysAndConfigCommandTests {
    @Test("keys init creates a 0600 key and prints its id; a second init exits 2 and changes nothing")
    func keysInit() async throws {
        let agent = try TestAgent(key: nil)
        let first = try await CLI.run("keys", "init", "--config", agent.configPath)
        #expect(first.status == 0)
        let keyID = first.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(keyID.count == 64 && keyID.utf8.allSatisfy(Hex.isLowercaseDigit))
        let path = agent.config.paths.deviceKey
        #expect((try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue == 0o600)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))

        let second = try await CLI.run("keys", "init", "--config", agent.configPath)
        #expect(second.status == 2)
        #expect(second.stderr.contains("already exists"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("keys show --json prints device, key id and public key; the id is the SHA-256 of the key")
    func keysShow() async throws {
        let agent = try TestAgent()
        let output = try await CLI.run("keys", "show", "--config", agent.configPath, "--json")
        #expect(output.status == 0)
        #expect(output.stdout == #"""
            {"device":"HN1119-C03","keyid":"56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c","publicKey":"A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg\#
            =","site":"huu-nghi-1119"}
            """# + "\n")
        let raw = try #require(Data(base64Encoded: "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="))
        #expect(Hex.encode(SHA256.hash(data: raw)) == "56475aa75463474c0285df5dbf2bcab73da651358839e9b77481b2eab107708c")
    }

    @Test("commands that sign refuse a key readable by group or others", arguments: [
        ["diag", "bench", "--records", "5"], ["run"],
    ])
    func refusesOpenKey(command: [String]) async throws {
        let agent = try TestAgent()
        chmod(agent.config.paths.deviceKey, 0o644)
        let output = try await CommandRunner.laneagent(command + ["--config", agent.configPath])
        #expect(output.status == 2)
        #expect(output.stderr.contains("LA-KEY-003") && output.stderr.contains("chmod 600"))
        #expect(!FileManager.default.fileExists(atPath: agent.config.paths.database))
    }

    @Test("config check prints a one-line summary for a valid file")
    func configValid() async throws {
        let agent = try TestAgent()
        let output = try await CLI.run("config", "check", agent.configPath)
        #expect(output.status == 0)
        #expect(output.stdout.hasPrefix("ok: device HN1119-C03 at site huu-nghi-1119"))
        #expect(output.stdout.split(separator: "\n").count == 1)
    }

    @Test("config check exits 2 with FILE:LINE: for each kind of mistake", arguments: [
        ("[agent]\ndevice = \"HN1119-C03\nsite = \"s\"\n", 2, "TOML syntax error"),
        ("[agent]\ndevice = \"d\"\nsite = \"s\"\nstate_dir = \"/x\"\n[journal]\nmin_free_mb = \"lots\"\n", 6, "must be an integer"),
        ("\n[agent]\ndevice = \"d\"\nstate_dir = \"/x\"\n", 2, "missing required key 'site'"),
        ("[agent]\ndevice = \"d d\"\nsite = \"s\"\nstate_dir = \"/x\"\n", 2, "outside A-Z a-z 0-9"),
        ("[agent]\ndevice = \"d\"\nsite = \"s\"\nstate_dir = \"/x\"\nstatedir = \"/y\"\n", 5, "unknown key 'statedir'"),
    ])
    func configMistakes(text: String, line: Int, phrase: String) async throws {
        let directory = TemporaryDirectory("config")
        let path = directory.file("agent.toml")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let output = try await CLI.run("config", "check", path)
        #expect(output.status == 2)
        #expect(output.stderr.hasPrefix("\(path):\(line): "))
        #expect(output.stderr.contains(phrase))
    }

    @Test("a missing configuration file is a usage error naming the file")
    func missingFile() async throws {
        let output = try await CLI.run("config", "check", "/nonexistent/agent.toml")
        #expect(output.status == 2)
        #expect(output.stderr.contains("/nonexistent/agent.toml") && output.stderr.contains("does not exist"))
    }

    @Test("a usage error (unknown option) exits 2")
    func usageError() async throws {
        let output = try await CLI.run("journal", "status", "--frobnicate")
        #expect(output.status == 2)
    }

    @Test("an uplink TLS client key (key_file) readable by group or others is refused by config check and run, naming the file and chmod 600",
          arguments: [0o644, 0o640, 0o604])
    func refusesOpenTLSKey(mode: Int) async throws {
        let pem = TemporaryDirectory("tls")
        for file in ["ca.pem", "device.crt", "device-tls.key"] {
            try "-----BEGIN PRIVATE KEY-----\nplaceholder\n-----END PRIVATE KEY-----\n".write(toFile: pem.file(file), atomically: false, encoding: .utf8)
            chmod(pem.file(file), 0o600)
        }
        let key = pem.file("device-tls.key")
        let agent = try TestAgent(extraConfig: """
            [uplink]
            url = "https://127.0.0.1:8443/"
            ca_file = "\(pem.file("ca.pem"))"
            cert_file = "\(pem.file("device.crt"))"
            key_file = "\(key)"
            """)
        #expect(try await CLI.run("config", "check", agent.configPath).status == 0, "0600: accepted")

        chmod(key, mode_t(mode))
        let checked = try await CLI.run("config", "check", agent.configPath)
        #expect(checked.status == 2)
        #expect(checked.stderr.hasPrefix("\(agent.configPath):"), "\(checked.stderr)")
        #expect(checked.stderr.contains("uplink.key_file = \"\(key)\" is readable by group or others (mode \(String(mode, radix: 8)))"), "\(checked.stderr)")
        #expect(checked.stderr.contains("run `chmod 600 \(key)`"), "\(checked.stderr)")

        let daemon = try await CommandRunner.laneagent(["run", "--config", agent.configPath])
        #expect(daemon.status == 2, "the daemon does not start on it either")
        #expect(daemon.stderr.contains("chmod 600 \(key)"), "\(daemon.stderr)")
        #expect(!FileManager.default.fileExists(atPath: agent.config.paths.database))
    }
}
