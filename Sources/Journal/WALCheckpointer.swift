import Foundation
import GRDB

/// Copies the WAL back into the database file on its own connection and thread.
///
/// SQLite's automatic checkpoint runs inside a commit and, with `synchronous=FULL`, fsyncs the
/// whole database file: the append that triggers it waits tens of milliseconds. Checkpointing
/// here in PASSIVE mode lets commits continue meanwhile, which keeps commit latency flat.
final class WALCheckpointer: @unchecked Sendable {
    /// Commits' worth of records after which a checkpoint is due.
    private let recordsPerCheckpoint = 4000
    private let connection: DatabaseQueue
    // Guarded by `condition`.
    private let condition = NSCondition()
    private var recordsSinceCheckpoint = 0
    private var stopping = false
    private let finished = DispatchSemaphore(value: 0)

    init(path: String, durability: JournalOptions.Durability) throws {
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // FULL, as the writer: the database file is synced before the WAL it replaces is reset.
            try db.execute(sql: durability == .synced ? "PRAGMA synchronous = FULL" : "PRAGMA synchronous = OFF")
        }
        connection = try DatabaseQueue(path: path, configuration: configuration)
    }

    func start() {
        let thread = Thread { [self] in run() }
        thread.name = "journal-checkpoint"
        thread.start()
    }

    /// Called by the writer after each commit.
    func committed(records: Int) {
        condition.lock()
        recordsSinceCheckpoint += records
        if recordsSinceCheckpoint >= recordsPerCheckpoint { condition.signal() }
        condition.unlock()
    }

    func stop() {
        condition.lock()
        stopping = true
        condition.signal()
        condition.unlock()
        finished.wait()
        try? connection.close()
    }

    private func run() {
        while true {
            condition.lock()
            while recordsSinceCheckpoint < recordsPerCheckpoint && !stopping {
                // Checkpoint a quiet journal too, after a second, so the WAL never lingers large.
                if !condition.wait(until: Date(timeIntervalSinceNow: 1)) && recordsSinceCheckpoint > 0 { break }
            }
            if stopping {
                condition.unlock()
                finished.signal()
                return
            }
            recordsSinceCheckpoint = 0
            condition.unlock()
            // A failed passive checkpoint only leaves the WAL longer; the next one catches up.
            try? connection.writeWithoutTransaction { try $0.checkpoint(.passive) }
        }
    }
}
