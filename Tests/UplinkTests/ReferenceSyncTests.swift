import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// Reference data signed by the central key: verified, kept, and never replaced by a copy
/// that fails verification, has expired, or is not newer.
@Suite("Reference data sync", .serialized)
struct ReferenceSyncTests {
    private static func body(version: Int, issued: String? = nil, expires: String? = nil, plate: String = "29C12345") -> String {
        var fields = [#""version":\#(version)"#,
                      #""vehicles":[{"plate":"\#(plate)","containers":["MSCU1234565"],"declaredGrossKg":32000,"axles":5,"declaration":"102345678901"}]"#,
                      #""watchlist":{"plates":["51H99999"],"documents":[],"subjects":[]}"#]
        if let issued { fields.append(#""issuedAt":"\#(issued)""#) }
        if let expires { fields.append(#""expiresAt":"\#(expires)""#) }
        return "{" + fields.joined(separator: ",") + "}"
    }

    private func receiver(_ args: [String]) async throws -> CommandRunner.Output {
        try await CommandRunner.run(CommandRunner.receiverPath, args)
    }

    @Test("keys init --out with a bare file name makes the key in the working directory")
    func keyInWorkingDirectory() async throws {
        let work = TemporaryDirectory("central")
        let made = try await CommandRunner.run("/bin/sh", ["-c", "cd '\(work.path)' && exec '\(CommandRunner.receiverPath)' keys init --out central.key"])
        #expect(made.status == 0, "\(made.stderr)")
        #expect(FileManager.default.fileExists(atPath: work.file("central.key")))
    }

    @Test("good data is fetched and kept; bad signature, wrong key, expired or older copies are refused and the old one kept")
    func referenceLifecycle() async throws {
        let work = TemporaryDirectory("central")
        let keyFile = work.file("central.key")
        let created = try await receiver(["keys", "init", "--out", keyFile, "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let centralKey = try #require({ if case .string(let s)? = try JSONParser.parse(Array(created.stdout.utf8))["publicKey"] { s } else { nil } }())
        let server = try await ReceiverProcess(registryLines: [registryLine()])
        let site = "huu-nghi-1119"
        func publish(_ json: String, data: String = server.data, key: String = keyFile) async throws -> CommandRunner.Output {
            let file = work.file("ref-\(UUID().uuidString).json")
            try json.write(toFile: file, atomically: true, encoding: .utf8)
            return try await receiver(["reference", "publish", "--data", data, "--key", key, "--site", site, "--file", file])
        }
        #expect(try await publish(Self.body(version: 1)).status == 0)
        let agent = try TestAgent(extraConfig: uplinkConfig(server.url, extra: "central_key = \"\(centralKey)\""))

        var sync = try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        #expect(sync.status == 0, "\(sync.stderr)")
        var status = try await CommandRunner.laneagent(["reference", "status", "--config", agent.configPath, "--json"])
        #expect(status.status == 0)
        var json = try JSONParser.parse(Array(status.stdout.utf8))
        #expect(json["version"]?.integerValue == 1)
        #expect(json["source"] == .string(server.url + "v1/reference/\(site)"))
        #expect(json["issuedAt"] != nil)
        #expect((json["ageSeconds"]?.integerValue ?? -1) >= 0)
        sync = try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        #expect(sync.stdout.contains("nothing changed"))
        let version1 = try #require(FileManager.default.contents(atPath: server.data + "/reference/\(site).dsse.json"))

        #expect(try await publish(Self.body(version: 2, plate: "29C55555")).status == 0)
        #expect(try await publish(Self.body(version: 2)).status == 2, "the publisher refuses a version not newer")
        sync = try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        #expect(sync.stdout.contains("version 2"))
        let version2 = try #require(FileManager.default.contents(atPath: server.data + "/reference/\(site).dsse.json"))

        // Copies offered on a "USB stick": [reference] file, same state directory.
        let offered = work.file("offered.dsse.json")
        let fileConfig = work.file("agent-file.toml")
        try (String(contentsOfFile: agent.configPath, encoding: .utf8) + "\n[reference]\nfile = \"\(offered)\"\n")
            .write(toFile: fileConfig, atomically: true, encoding: .utf8)
        func offer(_ bytes: Data) async throws -> CommandRunner.Output {
            try bytes.write(to: URL(fileURLWithPath: offered))
            return try await CommandRunner.laneagent(["reference", "sync", "--config", fileConfig])
        }

        var tampered = try Envelope(parsing: Array(version2).filter { $0 != 10 })
        tampered.payload = Array(String(decoding: tampered.payload, as: UTF8.self).replacingOccurrences(of: "29C55555", with: "29C66666").utf8)
        var refused = try await offer(Data(tampered.encoded()))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("LA-REF-002"), "\(refused.stderr)")

        // A file is read whole, so one over 64 MiB is refused by its size, unread (sparse here).
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: offered))
        try handle.truncate(atOffset: 64 * 1024 * 1024 + 1)
        try handle.close()
        let huge = try await CommandRunner.laneagent(["reference", "sync", "--config", fileConfig])
        #expect(huge.status != 0 && huge.stderr.contains("over the 67108864 bytes reference data may be"), "\(huge.stderr)")

        let otherKey = work.file("other.key")
        #expect(try await receiver(["keys", "init", "--out", otherKey]).status == 0)
        let otherData = work.file("other-data")
        #expect(try await publish(Self.body(version: 9), data: otherData, key: otherKey).status == 0)
        refused = try await offer(try #require(FileManager.default.contents(atPath: otherData + "/reference/\(site).dsse.json")))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("LA-REF-002"))

        let expiredData = work.file("expired-data")
        #expect(try await publish(Self.body(version: 10, issued: "2026-01-01T00:00:00.000Z", expires: "2026-01-02T00:00:00.000Z"), data: expiredData).status == 0)
        refused = try await offer(try #require(FileManager.default.contents(atPath: expiredData + "/reference/\(site).dsse.json")))
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("LA-REF-004"))

        refused = try await offer(version1)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("LA-REF-005"), "version 1 is older than the held version 2")

        status = try await CommandRunner.laneagent(["reference", "status", "--config", agent.configPath, "--json"])
        json = try JSONParser.parse(Array(status.stdout.utf8))
        #expect(json["version"]?.integerValue == 2, "every refused copy left the held one in place")
        let faults = try agent.journalLines().compactMap { line -> Record? in
            try Record(parsing: try JSONParser.parse(try Envelope(parsing: line).payload))
        }.filter { $0.kind == "reference.fault" }
        #expect(faults.count == 4)
        #expect(faults.compactMap { if case .string(let reason)? = $0.body["reason"] { reason } else { nil } }
                == ["bad-signature", "bad-signature", "expired", "not-newer"])
    }

    @Test("data the central key signed for another site is refused with LA-REF-003 and a reference.fault; the held copy stays")
    func anotherSite() async throws {
        let work = TemporaryDirectory("central")
        let keyFile = work.file("central.key")
        let created = try await receiver(["keys", "init", "--out", keyFile, "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let centralKey = try #require(try JSONParser.parse(Array(created.stdout.utf8))["publicKey"]?.stringValue)
        func publish(_ json: String, site: String) async throws -> Data {
            let file = work.file("ref-\(UUID().uuidString).json")
            try json.write(toFile: file, atomically: true, encoding: .utf8)
            let published = try await receiver(["reference", "publish", "--data", work.file("data"), "--key", keyFile, "--site", site, "--file", file])
            #expect(published.status == 0, "\(published.stderr)")
            return try #require(FileManager.default.contents(atPath: work.file("data") + "/reference/\(site).dsse.json"))
        }
        // The agent is at huu-nghi-1119 (TestAgent's site); its copies come on a "USB stick".
        let offered = work.file("offered.dsse.json")
        let agent = try TestAgent(extraConfig: uplinkConfig("http://127.0.0.1:9/", requestTimeout: 1, extra: "central_key = \"\(centralKey)\"")
                                  + "\n[reference]\nfile = \"\(offered)\"\n")
        func offer(_ bytes: Data) async throws -> CommandRunner.Output {
            try bytes.write(to: URL(fileURLWithPath: offered))
            return try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        }
        let own = try await offer(try await publish(Self.body(version: 1), site: "huu-nghi-1119"))
        #expect(own.status == 0, "\(own.stderr)")

        // Newer, signed by the same central key, valid in every other way: for the site next door.
        let other = try await offer(try await publish(Self.body(version: 2, plate: "29C55555"), site: "tan-thanh-1120"))
        #expect(other.status == 1, "\(other.stdout)\(other.stderr)")
        #expect(other.stderr.contains("LA-REF-003") && other.stderr.contains("tan-thanh-1120") && other.stderr.contains("huu-nghi-1119"), "\(other.stderr)")

        let status = try await CommandRunner.laneagent(["reference", "status", "--config", agent.configPath, "--json"])
        #expect(status.status == 0, "\(status.stderr)")
        #expect(try JSONParser.parse(Array(status.stdout.utf8))["version"]?.integerValue == 1, "the held copy stays: \(status.stdout)")
        let faults = try agent.journalLines().compactMap { line -> Record? in
            try Record(parsing: try JSONParser.parse(try Envelope(parsing: line).payload))
        }.filter { $0.kind == "reference.fault" }
        #expect(faults.map { $0.body["reason"]?.stringValue } == ["wrong-site"], "\(faults.map(\.body))")
        #expect(faults.first?.body["message"]?.stringValue?.contains("is for site tan-thanh-1120, this agent is at huu-nghi-1119") == true,
                "\(faults.map(\.body))")
    }
}
