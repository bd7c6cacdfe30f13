import GRDB

/// The journal's schema as numbered migrations. Released migrations are never edited: a board
/// in the field upgrades by running the ones it has not seen.
enum JournalSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-records") { db in
            try db.execute(sql: """
                CREATE TABLE record (
                    seq INTEGER PRIMARY KEY NOT NULL,
                    kind TEXT NOT NULL,
                    lane TEXT,
                    time_ms INTEGER NOT NULL,
                    payload_sha256 BLOB NOT NULL,
                    envelope BLOB NOT NULL
                );
                CREATE TABLE journal_meta (
                    id INTEGER PRIMARY KEY CHECK (id = 1),
                    device TEXT NOT NULL,
                    site TEXT NOT NULL,
                    key_id TEXT NOT NULL,
                    acked_through INTEGER NOT NULL DEFAULT 0,
                    created_ms INTEGER NOT NULL
                );
                """)
        }
        return migrator
    }
}
