import AgentTesting
import Crypto
import Foundation
import GRDB
import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

@Suite("laneagent run and salvage")
struct DaemonCommandTests {
    @Test("run records agent.started with version and config hash, and agent.stopped on SIGTERM")
    func startAndStop() async throws {
        let agent = try TestAgent()
        let child = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        #expect(await child.waitForOutput("agent started"), "\(child.stderr)")
        child.signal(SIGTERM)
        #expect(await child.wait() == 0, "\(child.stderr)")
        let records = try CLI.records(agent)
        #expect(records.map(\.kind) == ["agent.started", "agent.stopped"])
        let configHash = Hex.encode(SHA256.hash(data: try Data(contentsOf: URL(fileURLWithPath: agent.configPath))))
        #expect(records.first?.body["configSHA256"] == .string(configHash))
        #expect(records.first?.body["version"] != nil)
        #expect(records.allSatisfy { $0.lane == nil && $0.device == "HN1119-C03" })
    }

    @Test("a damaged journal stops the agent from starting, and salvage saves what verifies")
    func damagedJournal() async throws {
        let agent = try TestAgent()
        let journal = try agent.openJournal()
        for index in 0..<6 { try await journal.append(kind: "test.event", body: ["i": .number(Double(index))]) }
        journal.close()
        let queue = try DatabaseQueue(path: agent.config.paths.database)
        try await queue.write { db in
            let stored = try Data.fetchOne(db, sql: "SELECT envelope FROM record WHERE seq = 4")!
            var envelope = try Envelope(parsing: Array(stored))
            envelope.payload[20] ^= 0x01
            try db.execute(sql: "UPDATE record SET envelope = ? WHERE seq = 4", arguments: [Data(envelope.encoded())])
        }
        try queue.close()

        let run = try await CLI.run("run", "--config", agent.configPath)
        #expect(run.status == 1)
        #expect(run.stderr.contains(agent.config.paths.database) && run.stderr.contains("damaged") && run.stderr.contains("seq 4"))

        let out = agent.directory.file("salvaged.ndjson")
        let salvage = try await CLI.run("journal", "salvage", "--config", agent.configPath, "--out", out)
        #expect(salvage.status == 1)
        #expect(salvage.stdout.contains("saved 5 records (seq 1..6)"))
        #expect(salvage.stdout.contains("could not save seq 4: bad signature"))
        let saved = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n")
        #expect(saved.count == 5)
    }
}
