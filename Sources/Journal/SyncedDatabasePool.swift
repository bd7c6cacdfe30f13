import GRDB

/// A GRDB `DatabasePool` whose commits reach the disk before they return.
///
/// GRDB's pool switches the database to WAL and then sets `synchronous = NORMAL` on its writer,
/// overriding a `synchronous = FULL` set in `prepareDatabase`. Under NORMAL a WAL commit is not
/// fsynced: the board-in-a-VM power-cut test lost every record of the last second before the cut
/// (29 of 160 plates the gateway had answered 200). So FULL is set again after the pool is open
/// and read back; a pool that will not take it is refused.
public enum SyncedDatabasePool {
    /// `PRAGMA synchronous`'s value for FULL.
    static let full = 2

    /// Opens a pool at `path` whose writer commits with `synchronous = FULL`.
    public static func open(path: String, configuration: Configuration) throws -> DatabasePool {
        let pool = try DatabasePool(path: path, configuration: configuration)
        let mode = try pool.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA synchronous = FULL")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        guard mode == full else {
            try? pool.close()
            throw DatabaseError(message: "\(path): SQLite kept synchronous = \(mode.map(String.init) ?? "?") where FULL (2) was set; commits would not be durable")
        }
        return pool
    }

    /// The writer's `synchronous` setting (2 is FULL), for tests and diagnostics.
    public static func writerSynchronous(_ pool: DatabasePool) throws -> Int? {
        try pool.writeWithoutTransaction { try Int.fetchOne($0, sql: "PRAGMA synchronous") }
    }
}
