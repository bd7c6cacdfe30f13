import AgentTesting
import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

@Suite("Crash safety")
struct CrashSafetyTests {
    @Test("SIGKILL at random moments loses no record that was reported committed")
    func killDuringBench() async throws {
        let agent = try TestAgent()
        var generator = SystemRandomNumberGenerator()
        var promised = 0
        var killedWithCommits = 0
        for round in 1...20 {
            let child = try ChildProcess(CommandRunner.laneagentPath, [
                "diag", "bench", "--config", agent.configPath, "--records", "1000000", "--print-committed",
            ])
            // Odd rounds die at any moment, start-up included; even rounds once commits are
            // flowing, so most kills land mid-commit.
            if round % 2 == 0 {
                await child.waitForOutput("committed ", seconds: 60)
                try await Task.sleep(for: .milliseconds(Int.random(in: 0...400, using: &generator)))
            } else {
                try await Task.sleep(for: .milliseconds(Int.random(in: 30...900, using: &generator)))
            }
            child.signal(SIGKILL)
            await child.wait()
            let committed = child.stdout.split(separator: "\n").compactMap { line -> Int? in
                guard line.hasPrefix("committed ") else { return nil }
                return Int(line.dropFirst("committed ".count))
            }
            if !committed.isEmpty { killedWithCommits += 1 }

            // Reopen as the agent would: the integrity check passes and the chain verifies.
            let journal = try agent.openJournal()
            let status = try journal.status()
            journal.close()
            let records = try CLI.records(agent)
            #expect(records.map(\.seq) == Array(records.isEmpty ? [] : Array(1...status.lastSeq)), "round \(round)")
            let present = Set(records.map(\.seq))
            let lost = committed.filter { !present.contains($0) }
            #expect(lost.isEmpty, "round \(round): committed but lost: \(lost.prefix(5))")
            promised = max(promised, committed.max() ?? 0)
            #expect(status.lastSeq >= promised, "round \(round)")
        }
        #expect(killedWithCommits >= 10, "most rounds must be killed while committing")

        // After all that, an export verifies end to end and the next append continues the chain.
        let file = agent.directory.file("after-crashes.ndjson")
        let verify = try await CLI.run("journal", "export", "--config", agent.configPath, "--out", file)
        #expect(verify.status == 0)
        #expect(try await CLI.run("journal", "verify", file, "--config", agent.configPath).status == 0)
        let journal = try agent.openJournal()
        let before = try journal.status().lastSeq
        let next = try await journal.append(kind: "test.after-crash", body: [:])
        journal.close()
        let records = try CLI.records(agent)
        #expect(next.record.seq == before + 1)
        let previousPayload = records[records.count - 2].canonicalBytes()
        #expect(next.record.prev == Hex.encode(SHA256.hash(data: previousPayload)))
    }
}
