import AgentTesting
import Foundation
// @testable for ParallelSigner: a test forges a validly signed record the way the journal signs.
@testable import Journal
import LaneAgentTesting
import LaneModel
import Testing

@Suite("laneagent journal commands")
struct JournalCommandTests {
    /// An agent whose journal holds `records` bench records, written through the CLI.
    static func benchedAgent(_ records: Int) async throws -> TestAgent {
        let agent = try TestAgent()
        let bench = try await CLI.run("diag", "bench", "--config", agent.configPath, "--records", "\(records)", "--json")
        #expect(bench.status == 0, "\(bench.stderr)")
        let result = try JSONParser.parse(Array(bench.stdout.utf8))
        #expect(result["records"]?.integerValue == records)
        for key in ["seconds", "recordsPerSecond", "p50CommitMs", "p99CommitMs"] { #expect(result[key] != nil) }
        return agent
    }

    @Test("status --json reports the seq range, pending records, sizes and free space")
    func status() async throws {
        let agent = try await Self.benchedAgent(30)
        let output = try await CLI.run("journal", "status", "--config", agent.configPath, "--json")
        #expect(output.status == 0)
        let status = try JSONParser.parse(Array(output.stdout.utf8))
        #expect(status["device"] == "HN1119-C03")
        #expect(status["firstSeq"]?.integerValue == 1 && status["lastSeq"]?.integerValue == 30)
        #expect(status["ackedThrough"]?.integerValue == 0 && status["pending"]?.integerValue == 30)
        #expect((status["fileBytes"]?.integerValue ?? 0) > 0 && (status["freeBytes"]?.integerValue ?? 0) > 0)
    }

    @Test("export then verify: the whole journal and a seq range")
    func exportAndVerify() async throws {
        let agent = try await Self.benchedAgent(40)
        let file = agent.directory.file("export.ndjson")
        #expect(try await CLI.run("journal", "export", "--config", agent.configPath, "--out", file).status == 0)
        let verify = try await CLI.run("journal", "verify", file, "--config", agent.configPath)
        #expect(verify.status == 0)
        #expect(verify.stdout == """
            ok: records 1..40 verified: signatures and links
            head proven: seq 1 links to genesis
            journal: seq 1..40 are identical to the journal's records
            tail proven: seq 40 is the journal's newest record
            receipts: not checked: no central key (give --central-key BASE64, or --config with [uplink] central_key)

            """)

        let range = agent.directory.file("range.ndjson")
        #expect(try await CLI.run("journal", "export", "--config", agent.configPath, "--out", range, "--from", "10", "--to", "20").status == 0)
        let verifyRange = try await CLI.run("journal", "verify", range, "--pubkey", Self.publicKey)
        #expect(verifyRange.status == 0)
        #expect(verifyRange.stdout.hasPrefix("ok: records 10..20 verified: signatures and links\n"))
    }

    /// The base64 public key of `TestKeys.device`, the test agents' device key.
    static let publicKey = "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="

    /// The agent's whole journal exported, as lines without their newlines.
    static func exportedLines(_ agent: TestAgent) async throws -> [String] {
        let file = agent.directory.file("whole.ndjson")
        #expect(try await CLI.run("journal", "export", "--config", agent.configPath, "--out", file).status == 0)
        return try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
    }

    /// Writes `lines` as an NDJSON file in the agent's directory; returns its path.
    static func write(_ lines: [String], _ agent: TestAgent, name: String) throws -> String {
        let file = agent.directory.file(name)
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    @Test("an export cut at the head verifies, but says the head is unproven and shows the first prev")
    func headCut() async throws {
        let agent = try await Self.benchedAgent(12)
        let file = try Self.write(Array(try await Self.exportedLines(agent).dropFirst(3)), agent, name: "head-cut.ndjson")
        let output = try await CLI.run("journal", "verify", file, "--pubkey", Self.publicKey)
        #expect(output.status == 0, "\(output.stderr)")
        let prev = try CLI.records(agent)[3].prev
        #expect(output.stdout == """
            ok: records 4..12 verified: signatures and links
            head unproven: records before seq 4 are not in the file; seq 4's prev is \(prev)
            tail unproven: records after seq 12 could have been cut; only the board's journal (--config) or the receiver can tell
            receipts: not checked: no central key (give --central-key BASE64, or --config with [uplink] central_key)

            """)
    }

    @Test("an export cut at the tail: --config counts the journal's later records, --pubkey says the tail is unproven")
    func tailCut() async throws {
        let agent = try await Self.benchedAgent(12)
        let file = try Self.write(Array(try await Self.exportedLines(agent).prefix(9)), agent, name: "tail-cut.ndjson")

        let anchored = try await CLI.run("journal", "verify", file, "--config", agent.configPath)
        #expect(anchored.status == 0, "\(anchored.stderr)")
        #expect(anchored.stdout == """
            ok: records 1..9 verified: signatures and links
            head proven: seq 1 links to genesis
            journal: seq 1..9 are identical to the journal's records
            tail short: the journal holds 3 later records (seq 10..12) that the file lacks: cut from it, or written after the export
            receipts: not checked: no central key (give --central-key BASE64, or --config with [uplink] central_key)

            """)

        let keyOnly = try await CLI.run("journal", "verify", file, "--pubkey", Self.publicKey)
        #expect(keyOnly.status == 0, "\(keyOnly.stderr)")
        #expect(keyOnly.stdout.contains("tail unproven: records after seq 9 could have been cut"))
    }

    @Test("records the journal pruned since the export are named, not compared")
    func prunedHead() async throws {
        let agent = try await Self.benchedAgent(12)
        let file = try Self.write(try await Self.exportedLines(agent), agent, name: "before-prune.ndjson")
        let journal = try agent.openJournal()
        try journal.acknowledge(through: 4)
        // Far enough ahead that every acknowledged record is past retention.
        let later = Timestamp(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch + 3650 * 86_400_000)
        #expect(try journal.prune(now: later) == 4)
        journal.close()

        let output = try await CLI.run("journal", "verify", file, "--config", agent.configPath)
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == """
            ok: records 1..12 verified: signatures and links
            head proven: seq 1 links to genesis
            journal: no longer holds seq 1..4 (pruned after upload); those records were not compared
            journal: seq 5..12 are identical to the journal's records
            tail proven: seq 12 is the journal's newest record
            receipts: not checked: no central key (give --central-key BASE64, or --config with [uplink] central_key)

            """)
    }

    @Test("a validly signed different record at a seq passes the chain but fails against the journal")
    func replacedRecord() async throws {
        let agent = try await Self.benchedAgent(12)
        var lines = try await Self.exportedLines(agent)
        // The last record, re-made with another body and signed with the device key: nothing
        // after it links to it, so only the journal can tell.
        var record = try CLI.records(agent)[11]
        record.body = ["forged": true]
        lines[11] = String(decoding: ParallelSigner.envelopes(for: [record.canonicalBytes()], key: TestKeys.device)[0], as: UTF8.self)
        let file = try Self.write(lines, agent, name: "replaced.ndjson")

        #expect(try await CLI.run("journal", "verify", file, "--pubkey", Self.publicKey).status == 0)
        let output = try await CLI.run("journal", "verify", file, "--config", agent.configPath)
        #expect(output.status == 1)
        #expect(output.stdout.isEmpty)
        #expect(output.stderr.contains("line 12: differs from the journal: seq 12 has payload hash"))
    }

    @Test("a 2 MiB line without a newline fails naming the line, and the reader moves past it")
    func overlongLine() async throws {
        let agent = try await Self.benchedAgent(2)
        let file = agent.directory.file("long.ndjson")
        var bytes = Array((try await Self.exportedLines(agent).joined(separator: "\n") + "\n").utf8)
        bytes.append(contentsOf: repeatElement(UInt8(ascii: "x"), count: 2 << 20))
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        let output = try await CLI.run("journal", "verify", file, "--pubkey", Self.publicKey)
        #expect(output.status == 1)
        #expect(output.stderr == "\(file): line 3 is longer than 1 MiB: not an envelope\n")

        // With a newline after it, the next line is read whole.
        bytes.append(contentsOf: Array("\nnext".utf8))
        try Data(bytes).write(to: URL(fileURLWithPath: file))
        var reader = try NDJSONLineReader(path: file)
        var kinds: [String] = []
        while let line = reader.next(maximum: EnvelopeFileVerifier.maximumLineBytes) {
            switch line {
            case .line(let content): kinds.append(content.count > 100 ? "envelope" : String(decoding: content, as: UTF8.self))
            case .tooLong: kinds.append("too long")
            }
        }
        #expect(kinds == ["envelope", "envelope", "too long", "next"])
    }

    @Test("the exported bytes are exactly the stored bytes, and stay so across exports")
    func exportIsStable() async throws {
        let agent = try await Self.benchedAgent(10)
        let first = agent.directory.file("a.ndjson")
        let second = agent.directory.file("b.ndjson")
        _ = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", first)
        _ = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", second)
        #expect(try Data(contentsOf: URL(fileURLWithPath: first)) == Data(contentsOf: URL(fileURLWithPath: second)))
    }

    @Test("verify exits 1 naming the first failing line and why")
    func verifyTampered() async throws {
        let agent = try await Self.benchedAgent(12)
        let file = agent.directory.file("export.ndjson")
        _ = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", file)
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.remove(at: 6)
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let output = try await CLI.run("journal", "verify", file, "--config", agent.configPath)
        #expect(output.status == 1)
        #expect(output.stderr.contains("line 7: gap: expected seq 7, found seq 8"))

        let other = try await CLI.run("journal", "verify", file, "--pubkey", "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")
        #expect(other.status == 1)
        #expect(other.stderr.contains("line 1: unknown key"))
    }

    @Test("verify needs exactly one of --config and --pubkey")
    func verifyUsage() async throws {
        #expect(try await CLI.run("journal", "verify", "/tmp/x.ndjson").status == 2)
    }

    @Test("export refuses a range outside the journal")
    func exportBadRange() async throws {
        let agent = try await Self.benchedAgent(5)
        let output = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", agent.directory.file("x"), "--from", "9")
        #expect(output.status == 2)
        #expect(output.stderr.contains("--from 9 is after the last record"))
        #expect(!FileManager.default.fileExists(atPath: agent.directory.file("x")))
    }

    @Test("an export verifies with an independent DSSE implementation (Python cryptography)")
    func independentVerification() async throws {
        let agent = try await Self.benchedAgent(60)
        let file = agent.directory.file("export.ndjson")
        _ = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", file)
        let output = try await CommandRunner.run("/usr/bin/env", ["python3", CLI.independentVerifier, file, "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="])
        #expect(output.status == 0, "python verifier: \(output.stdout) \(output.stderr)")
        #expect(output.stdout == "ok 60 1 60\n")

        // And it is not a rubber stamp: it refuses a tampered export too.
        var lines = try String(contentsOfFile: file, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.swapAt(3, 4)
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        let tampered = try await CommandRunner.run("/usr/bin/env", ["python3", CLI.independentVerifier, file, "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="])
        #expect(tampered.status == 1)
    }
}
