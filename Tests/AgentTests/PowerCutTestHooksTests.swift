import Agent
import AgentTesting
import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import Records
import Testing

/// The VM power-cut test's hooks: off unless the environment names them, a commit log line for
/// every record only once it is committed, and a clear refusal of a log that cannot be opened.
@Suite("Power-cut test hooks")
struct PowerCutTestHooksTests {
    private let logger = Logger(label: "test")

    @Test("without the variables nothing changes: commits synced, no commit log")
    func offByDefault() throws {
        let options = try PowerCutTestHooks(environment: ["PATH": "/usr/bin"]).apply(to: JournalOptions(), logger: logger)
        #expect(options.durability == .synced)
        #expect(options.committed == nil)
    }

    @Test("the commit log gets `seq sha256` for each committed record, in order, matching the journal")
    func commitLogLines() async throws {
        let agent = try TestAgent()
        let log = agent.directory.file("commits.log")
        FileManager.default.createFile(atPath: log, contents: nil)
        let hooks = PowerCutTestHooks(environment: ["LANEAGENT_TEST_COMMIT_LOG": log, "LANEAGENT_TEST_JOURNAL_SYNC": "off"])
        let options = try hooks.apply(to: agent.config.journalOptions, logger: logger)
        #expect(options.durability == .unsyncedForTesting)
        let journal = try agent.config.openJournal(options: options)
        for index in 0..<5 { try await journal.append(kind: "test.event", body: ["n": .number(Double(index))]) }
        journal.close()

        let lines = try String(contentsOfFile: log, encoding: .utf8).split(separator: "\n").map(String.init)
        let expected = try agent.journalLines().map { line in
            let envelope = try Envelope(parsing: line)
            let record = try Record(parsing: try JSONParser.parse(envelope.payload))
            return "\(record.seq) \(Hex.encode(SHA256.hash(data: envelope.payload)))"
        }
        #expect(lines.count == 5)
        #expect(lines == expected)
    }

    @Test("a commit log that cannot be opened is LA-TEST-001 naming the path")
    func unopenableLog() throws {
        let hooks = PowerCutTestHooks(environment: ["LANEAGENT_TEST_COMMIT_LOG": "/nonexistent/dir/commits"])
        #expect {
            _ = try hooks.apply(to: JournalOptions(), logger: logger)
        } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("LA-TEST-001") && text.contains("/nonexistent/dir/commits")
        }
    }
}
