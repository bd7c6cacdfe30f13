import Agent
import AgentTesting
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import Records
import Synchronization
import Testing

@Suite("Journal maintenance in the daemon")
struct JournalMaintenanceTests {
    @Test("low disk space raises one journal.fault record and recovery one journal.fault.cleared")
    func lowDiskFaultRecords() async throws {
        let agent = try TestAgent(extraConfig: "[journal]\nmin_free_mb = 100")
        let free = Mutex<Int64>(50 * 1_048_576)
        let journal = try agent.openJournal { options in options.freeBytes = { _ in free.withLock { $0 } } }
        var maintenance = JournalMaintenance()
        let logger = Logger(label: "test")
        let now = Timestamp.now()
        try await maintenance.step(journal, now: now, logger: logger)
        try await maintenance.step(journal, now: now, logger: logger)
        #expect(maintenance.raised != nil)
        free.withLock { $0 = 500 * 1_048_576 }
        try await maintenance.step(journal, now: now, logger: logger)
        #expect(maintenance.raised == nil)
        journal.close()

        let reader = try JournalReader.open(paths: agent.config.paths)
        defer { reader.close() }
        var kinds: [String] = []
        try reader.forEachEnvelope { line in
            let record = try Record(parsing: try JSONParser.parse(try Envelope(parsing: line).payload))
            kinds.append(record.kind)
            if record.kind == "journal.fault" { #expect(record.body["code"] == "LA-JOURNAL-LOWDISK") }
        }
        #expect(kinds == ["journal.fault", "journal.fault.cleared"])
    }
}
