import Foundation
import GRDB
@testable import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// A returned append must survive a power cut: the journal's writer commits with
/// `synchronous = FULL` whatever GRDB's pool sets when it turns WAL on. The VM power-cut test lost
/// the last second of answered plates while GRDB's NORMAL stood.
@Suite("Journal commits are synced")
struct JournalDurabilityTests {
    @Test("GRDB's pool alone leaves a WAL writer at NORMAL, which is why SyncedDatabasePool exists")
    func grdbPoolSetsNormal() throws {
        let directory = TemporaryDirectory("pool")
        var configuration = Configuration()
        configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
        let plain = try DatabasePool(path: directory.file("plain.sqlite"), configuration: configuration)
        #expect(try SyncedDatabasePool.writerSynchronous(plain) == 1, "NORMAL: if GRDB stops overriding, this note and the workaround can go")
        try plain.close()
        let synced = try SyncedDatabasePool.open(path: directory.file("synced.sqlite"), configuration: configuration)
        #expect(try SyncedDatabasePool.writerSynchronous(synced) == 2)
        try synced.close()
    }

    @Test("the journal's writer commits with synchronous = FULL, freshly created and reopened")
    func journalWriterIsFull() async throws {
        let board = try TestBoard()
        for _ in 0..<2 {
            let journal = try board.openJournal()
            try await journal.append(kind: "test.event", body: ["n": .number(1)])
            #expect(try SyncedDatabasePool.writerSynchronous(journal.database.pool) == 2)
            journal.close()
        }
    }

    @Test("only the power-cut test's negative control turns syncing off")
    func unsyncedOnlyWhenAsked() throws {
        let board = try TestBoard()
        let journal = try board.openJournal { $0.durability = .unsyncedForTesting }
        #expect(try SyncedDatabasePool.writerSynchronous(journal.database.pool) == 0)
        journal.close()
    }
}
