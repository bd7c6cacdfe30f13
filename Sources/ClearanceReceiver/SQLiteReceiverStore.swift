import ClearanceProtocol
import Foundation
import GRDB
import Journal
import LaneModel

/// The receiver's durable copy of every device's chain: SQLite in `--data DIR`, WAL with
/// `synchronous=FULL`, so a batch is on disk before its `200`. One receiver process per file:
/// SQLite's single writer is what orders each device's batches.
public final class SQLiteReceiverStore: ReceiverStorage {
    public let path: String
    public var location: String { path }
    private let pool: DatabasePool

    public init(directory: String) throws(ReceiverError) {
        path = directory + "/receiver.sqlite"
        do {
            // Every device's records: the receiver's user alone reads them.
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            var configuration = Configuration()
            configuration.busyMode = .timeout(30)
            configuration.prepareDatabase { db in
                try db.execute(sql: "PRAGMA synchronous = FULL")
            }
            pool = try SyncedDatabasePool.open(path: path, configuration: configuration)
            var migrator = DatabaseMigrator()
            migrator.registerMigration("v1-receiver") { db in
                try db.execute(sql: """
                    CREATE TABLE device_head (
                        device TEXT PRIMARY KEY NOT NULL,
                        accepted_through INTEGER NOT NULL,
                        last_hash BLOB NOT NULL
                    );
                    CREATE TABLE record (
                        device TEXT NOT NULL,
                        seq INTEGER NOT NULL,
                        payload_sha256 BLOB NOT NULL,
                        envelope BLOB NOT NULL,
                        received_ms INTEGER NOT NULL,
                        PRIMARY KEY (device, seq)
                    ) WITHOUT ROWID;
                    """)
            }
            // Which device's records name which evidence: a device may store only evidence its
            // own signed records name.
            migrator.registerMigration("v2-evidence-references") { db in
                try db.execute(sql: """
                    CREATE TABLE evidence_reference (
                        device TEXT NOT NULL,
                        sha256 TEXT NOT NULL,
                        PRIMARY KEY (device, sha256)
                    ) WITHOUT ROWID;
                    """)
            }
            // The feed: every record's place in storing order. Commits are serialised by SQLite's
            // single writer, so numbering inside the write transaction never leaves a hole a
            // reader could pass before it fills. Records stored before this migration are numbered
            // in the order they arrived.
            migrator.registerMigration("v3-feed") { db in
                try db.execute(sql: """
                    ALTER TABLE record ADD COLUMN batch INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE record ADD COLUMN arrival INTEGER NOT NULL DEFAULT 0;
                    UPDATE record SET arrival = numbered.n, batch = numbered.n
                      FROM (SELECT device AS d, seq AS s, ROW_NUMBER() OVER (ORDER BY received_ms, device, seq) AS n FROM record) AS numbered
                      WHERE device = numbered.d AND seq = numbered.s;
                    CREATE UNIQUE INDEX record_arrival ON record (arrival);
                    CREATE TABLE device_status (
                        device TEXT PRIMARY KEY NOT NULL,
                        summary TEXT NOT NULL
                    ) WITHOUT ROWID;
                    """)
            }
            try migrator.migrate(pool)
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// Stores a verified, internally chained batch of one device in one transaction, or stores
    /// nothing and says why (gap, fork, a broken link to the held chain).
    public func ingest(device: String, records: [IncomingRecord], upload: UploadFacts, now: Timestamp) async throws(ReceiverError) -> BatchReply {
        try await BlockingWork.run { () throws(ReceiverError) in try self.ingestNow(device: device, records: records, upload: upload, now: now) }
    }

    private func ingestNow(device: String, records: [IncomingRecord], upload: UploadFacts, now: Timestamp) throws(ReceiverError) -> BatchReply {
        guard let first = records.first, let last = records.last else { return .badBatch(reason: .badRequest, seq: 0, message: "the batch is empty") }
        do {
            return try pool.write { db -> BatchReply in
                let head = try Row.fetchOne(db, sql: "SELECT accepted_through, last_hash FROM device_head WHERE device = ?", arguments: [device])
                let held: Int = head?[0] ?? 0
                if first.seq > held + 1 { return .gap(device: device, expectedSeq: held + 1) }
                // Records already held must be byte-for-byte the same records.
                if first.seq <= held {
                    let stored = try Row.fetchAll(db, sql: "SELECT seq, payload_sha256 FROM record WHERE device = ? AND seq BETWEEN ? AND ? ORDER BY seq",
                                                  arguments: [device, first.seq, min(held, last.seq)])
                    var hashes: [Int: [UInt8]] = [:]
                    for row in stored { hashes[row[0]] = Array(row[1] as Data) }
                    for record in records where record.seq <= held {
                        // A held seq pruned away on the receiver cannot be compared; treat as held.
                        if let hash = hashes[record.seq], hash != record.payloadHash { return .fork(device: device, seq: record.seq) }
                    }
                }
                let new = records.filter { $0.seq > held }
                if let firstNew = new.first {
                    let expectedPrev = held == 0 ? Record.genesisPrev : Hex.encode(Array((head?[1] as Data?) ?? Data()))
                    guard firstNew.prev == expectedPrev else {
                        return .badBatch(reason: .badChain, seq: firstNew.seq,
                                         message: "record \(firstNew.seq) links to \(firstNew.prev.prefix(16))…, but the held record \(held) hashes to \(expectedPrev.prefix(16))…")
                    }
                    let insert = try db.cachedStatement(sql: """
                        INSERT INTO record (device, seq, payload_sha256, envelope, received_ms, batch, arrival) VALUES (?, ?, ?, ?, ?, ?, ?)
                        """)
                    let reference = try db.cachedStatement(sql: "INSERT OR IGNORE INTO evidence_reference (device, sha256) VALUES (?, ?)")
                    let arrived = try Row.fetchOne(db, sql: "SELECT COALESCE(MAX(batch), 0), COALESCE(MAX(arrival), 0) FROM record")
                    let batch: Int64 = (arrived?[0] ?? 0) + 1
                    var arrival: Int64 = arrived?[1] ?? 0
                    for record in new {
                        arrival += 1
                        try insert.execute(arguments: [device, record.seq, Data(record.payloadHash), Data(record.envelope), now.millisecondsSinceEpoch, batch, arrival])
                        for sha256 in record.evidence { try reference.execute(arguments: [device, sha256]) }
                    }
                    try db.execute(sql: """
                        INSERT INTO device_head (device, accepted_through, last_hash) VALUES (?, ?, ?)
                        ON CONFLICT(device) DO UPDATE SET accepted_through = excluded.accepted_through, last_hash = excluded.last_hash
                        """, arguments: [device, new.last!.seq, Data(new.last!.payloadHash)])
                }
                let previous = try String.fetchOne(db, sql: "SELECT summary FROM device_status WHERE device = ?", arguments: [device])
                    .flatMap { try? JSONParser.parse(Array($0.utf8)) }.flatMap(DeviceSummary.init(json:))
                let summary = FleetLedger.fold(previous, device: device, records: new, acceptedThrough: max(held, last.seq), upload: upload, now: now)
                try db.execute(sql: """
                    INSERT INTO device_status (device, summary) VALUES (?, ?) ON CONFLICT(device) DO UPDATE SET summary = excluded.summary
                    """, arguments: [device, String(decoding: CanonicalJSON.encode(summary.jsonValue), as: UTF8.self)])
                return .accepted(device: device, acceptedThrough: last.seq)
            }
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// The highest contiguous seq held and the number of records held for `device`.
    public func state(device: String) async throws(ReceiverError) -> DeviceHoldings {
        try await read { db in
            let through = try Int.fetchOne(db, sql: "SELECT accepted_through FROM device_head WHERE device = ?", arguments: [device]) ?? 0
            let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE device = ?", arguments: [device]) ?? 0
            return DeviceHoldings(acceptedThrough: through, records: count)
        }
    }

    /// Whether a stored record of `device` names evidence `sha256`.
    public func names(device: String, evidence sha256: String) async throws(ReceiverError) -> Bool {
        try await read { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM evidence_reference WHERE device = ? AND sha256 = ?)", arguments: [device, sha256]) ?? false
        }
    }

    /// Stored envelope lines of `device` from seq `from`, ascending, at most `limit`.
    public func envelopes(device: String, from: Int, limit: Int) async throws(ReceiverError) -> [[UInt8]] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT envelope FROM record WHERE device = ? AND seq >= ? ORDER BY seq LIMIT ?",
                             arguments: [device, from, limit]).map { Array($0[0] as Data) }
        }
    }

    public func feed(after cursor: FeedCursor, limit: Int) async throws(ReceiverError) -> FeedPage {
        try await read { db in
            // Arrival numbers grow with commit order here, so the position alone orders the feed.
            let rows = try Row.fetchAll(db, sql: "SELECT batch, arrival, device, seq, envelope FROM record WHERE arrival > ? ORDER BY arrival LIMIT ?",
                                        arguments: [cursor.position, limit])
            let entries = rows.map { row in
                FeedEntry(cursor: FeedCursor(transaction: row[0], position: row[1]), device: row[2], seq: row[3], envelope: Array(row[4] as Data))
            }
            return FeedPage(entries: entries, after: cursor)
        }
    }

    public func fleet() async throws(ReceiverError) -> [DeviceSummary] {
        try await read { db in
            try String.fetchAll(db, sql: "SELECT summary FROM device_status ORDER BY device").compactMap { text in
                (try? JSONParser.parse(Array(text.utf8))).flatMap(DeviceSummary.init(json:))
            }
        }
    }

    private func read<T: Sendable>(_ work: @escaping @Sendable (Database) throws -> T) async throws(ReceiverError) -> T {
        let pool = self.pool, path = self.path
        return try await BlockingWork.run { () throws(ReceiverError) -> T in
            do { return try pool.read(work) } catch { throw .storage(path, "\(error)") }
        }
    }

    public func close() async { try? pool.close() }
}
