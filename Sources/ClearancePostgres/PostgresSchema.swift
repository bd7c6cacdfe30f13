/// The receiver's tables in PostgreSQL, as numbered migrations. Each runs once, in one
/// transaction with the others still missing, under an advisory lock so instances started
/// together do not race; the numbers applied are kept in `receiver_migration`.
enum PostgresSchema {
    /// Taken around migrations: one instance migrates, the others wait and find them applied.
    static let migrationLock: Int64 = 0x4C41_4E45_0001

    static let migrations: [(version: Int, name: String, sql: [String])] = [
        (1, "chains, evidence references, feed and fleet", [
            """
            CREATE TABLE device_head (
                device TEXT PRIMARY KEY,
                accepted_through BIGINT NOT NULL,
                last_hash BYTEA NOT NULL
            )
            """,
            // txid orders the feed: a reader sees a record only once every transaction that
            // began before it has ended (see PostgresReceiverStore.feed).
            """
            CREATE TABLE record (
                device TEXT NOT NULL,
                seq BIGINT NOT NULL,
                payload_sha256 BYTEA NOT NULL,
                envelope BYTEA NOT NULL,
                received_ms BIGINT NOT NULL,
                txid XID8 NOT NULL DEFAULT pg_current_xact_id(),
                arrival BIGINT GENERATED ALWAYS AS IDENTITY,
                PRIMARY KEY (device, seq)
            )
            """,
            "CREATE UNIQUE INDEX record_feed ON record (txid, arrival)",
            """
            CREATE TABLE evidence_reference (
                device TEXT NOT NULL,
                sha256 TEXT NOT NULL,
                PRIMARY KEY (device, sha256)
            )
            """,
            """
            CREATE TABLE device_status (
                device TEXT PRIMARY KEY,
                summary TEXT NOT NULL
            )
            """,
        ]),
    ]
}
