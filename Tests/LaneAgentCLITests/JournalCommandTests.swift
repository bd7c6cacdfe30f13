import Foundation
import Journal
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
        #expect(verify.stdout == "ok: 40 records, seq 1..40, chain intact\n")

        let range = agent.directory.file("range.ndjson")
        #expect(try await CLI.run("journal", "export", "--config", agent.configPath, "--out", range, "--from", "10", "--to", "20").status == 0)
        let verifyRange = try await CLI.run("journal", "verify", range, "--pubkey", "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=")
        #expect(verifyRange.stdout == "ok: 11 records, seq 10..20, chain intact\n")
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
