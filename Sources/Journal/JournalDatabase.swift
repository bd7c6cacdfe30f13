import Foundation
import GRDB
import LaneModel

/// The SQLite file under the journal: WAL, `synchronous=FULL`, one writer connection.
///
/// Every query the journal makes lives here, so the schema and its uses are read together.
struct JournalDatabase: Sendable {
    let pool: DatabasePool
    let path: String

    /// A stored row as it comes back from SQLite.
    struct StoredRecord: Sendable {
        let seq: Int
        let payloadHash: [UInt8]
        let envelope: [UInt8]
    }

    struct Meta: Sendable, Equatable {
        let device: String
        let site: String
        let keyID: String
        let ackedThrough: Int
    }

    /// Opens (creating if asked) the database and brings its schema up to date.
    static func open(path: String, create: Bool, durability: JournalOptions.Durability = .synced) throws(JournalError) -> JournalDatabase {
        if !create && !FileManager.default.fileExists(atPath: path) { throw .notFound(path) }
        var configuration = Configuration()
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Checkpoints run on their own connection (WALCheckpointer), not inside commits.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 0")
        }
        do {
            // FULL: a commit is on disk, WAL included, before append returns.
            let pool = try SyncedDatabasePool.open(path: path, configuration: configuration)
            if durability == .unsyncedForTesting {
                try pool.writeWithoutTransaction { try $0.execute(sql: "PRAGMA synchronous = OFF") }
            }
            if create {
                try JournalSchema.migrator.migrate(pool)
            } else {
                let hasMeta = try pool.read { try $0.tableExists("journal_meta") }
                guard hasMeta else { throw JournalError.damaged(path, "it has no journal tables") }
            }
            return JournalDatabase(pool: pool, path: path)
        } catch let error as JournalError {
            throw error
        } catch {
            throw Self.describe(error, path: path)
        }
    }

    /// Maps SQLite's errors to ours: corruption is damage, anything else a storage failure.
    static func describe(_ error: any Error, path: String) -> JournalError {
        if let error = error as? DatabaseError {
            switch error.resultCode {
            case .SQLITE_CORRUPT, .SQLITE_NOTADB:
                return .damaged(path, "SQLite reports \(error.resultCode): \(error.message ?? "")")
            default:
                return .storage(path, "SQLite \(error.resultCode): \(error.message ?? "")")
            }
        }
        return .storage(path, "\(error)")
    }

    func read<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try pool.read(body) } catch { throw Self.describe(error, path: path) }
    }

    func write<T>(_ body: (Database) throws -> T) throws(JournalError) -> T {
        do { return try pool.write(body) } catch { throw Self.describe(error, path: path) }
    }

    // MARK: Queries

    func meta() throws(JournalError) -> Meta? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT device, site, key_id, acked_through FROM journal_meta WHERE id = 1")
                .map { Meta(device: $0[0], site: $0[1], keyID: $0[2], ackedThrough: $0[3]) }
        }
    }

    func insertMeta(device: String, site: String, keyID: String, now: Timestamp) throws(JournalError) {
        try write { db in
            try db.execute(
                sql: "INSERT INTO journal_meta (id, device, site, key_id, acked_through, created_ms) VALUES (1, ?, ?, ?, 0, ?)",
                arguments: [device, site, keyID, now.millisecondsSinceEpoch])
        }
    }

    /// `PRAGMA quick_check`'s findings; empty when the file is sound.
    func quickCheck() throws(JournalError) -> [String] {
        let lines = try read { db in try String.fetchAll(db, sql: "PRAGMA quick_check") }
        return lines == ["ok"] ? [] : lines
    }

    /// First seq, last seq and row count.
    func bounds() throws(JournalError) -> (first: Int, last: Int, count: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT IFNULL(MIN(seq), 0), IFNULL(MAX(seq), 0), COUNT(*) FROM record")!
            return (row[0], row[1], row[2])
        }
    }

    /// First and last seq without counting rows: each subquery is one B-tree lookup, where
    /// `MIN` and `MAX` in one select (as in `bounds`) scan the table.
    func seqRange() throws(JournalError) -> (first: Int, last: Int) {
        try read { db in
            let row = try Row.fetchOne(db, sql: "SELECT (SELECT IFNULL(MIN(seq), 0) FROM record), (SELECT IFNULL(MAX(seq), 0) FROM record)")!
            return (row[0], row[1])
        }
    }

    /// The newest `limit` records, oldest first.
    func newest(_ limit: Int) throws(JournalError) -> [StoredRecord] {
        try read { db in
            try Self.fetch(db, sql: "SELECT seq, payload_sha256, envelope FROM record ORDER BY seq DESC LIMIT ?", [limit])
        }.reversed()
    }

    /// Records with seq in `range`, ascending.
    func records(in range: ClosedRange<Int>) throws(JournalError) -> [StoredRecord] {
        try read { db in
            try Self.fetch(db, sql: "SELECT seq, payload_sha256, envelope FROM record WHERE seq BETWEEN ? AND ? ORDER BY seq",
                           [range.lowerBound, range.upperBound])
        }
    }

    private static func fetch(_ db: Database, sql: String, _ arguments: StatementArguments) throws -> [StoredRecord] {
        try Row.fetchAll(db, sql: sql, arguments: arguments).map { row in
            StoredRecord(seq: row[0], payloadHash: Array(row[1] as Data), envelope: Array(row[2] as Data))
        }
    }

    /// Inserts sealed records in one transaction: one commit, one fsync.
    func insert(_ records: [SealedRecord]) throws(JournalError) {
        try write { db in
            let statement = try db.cachedStatement(
                sql: "INSERT INTO record (seq, kind, lane, time_ms, payload_sha256, envelope) VALUES (?, ?, ?, ?, ?, ?)")
            for sealed in records {
                try statement.execute(arguments: [
                    sealed.record.seq, sealed.record.kind, sealed.record.lane,
                    sealed.record.time.millisecondsSinceEpoch, Data(sealed.payloadHash), Data(sealed.envelope),
                ])
            }
        }
    }

    func setAckedThrough(_ seq: Int) throws(JournalError) {
        try write { db in
            try db.execute(sql: "UPDATE journal_meta SET acked_through = MAX(acked_through, ?) WHERE id = 1", arguments: [seq])
        }
    }

    /// Deletes acknowledged records older than `cutoff`, always keeping the newest record (the
    /// chain continues from it). Returns how many were deleted.
    func prune(olderThan cutoff: Timestamp) throws(JournalError) -> Int {
        try write { db in
            try db.execute(sql: """
                DELETE FROM record
                WHERE seq <= (SELECT acked_through FROM journal_meta WHERE id = 1)
                  AND seq < (SELECT MAX(seq) FROM record)
                  AND time_ms < ?
                """, arguments: [cutoff.millisecondsSinceEpoch])
            return db.changesCount
        }
    }

    /// Checkpoints the WAL into the main file, so a cleanly closed journal is one self-contained
    /// file (GRDB's read-only reader connections close last and cannot checkpoint), then closes.
    func close() {
        try? pool.writeWithoutTransaction { try $0.checkpoint(.truncate) }
        try? pool.close()
    }
}
