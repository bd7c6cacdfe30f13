import ClearanceProtocol
import Foundation
import GRDB
import Journal
import LaneModel

/// The receiver's durable copy of every device's chain: SQLite in `--data DIR`, WAL with
/// `synchronous=FULL`, so a batch is on disk before its `200`.
public final class ReceiverStore: Sendable {
    /// A record that passed verification, ready to be stored.
    public struct IncomingRecord: Sendable {
        public let seq: Int
        public let prev: String
        public let payloadHash: [UInt8]
        public let envelope: [UInt8]
        /// SHA-256s of the evidence files the record names (`body.evidence[].sha256`).
        public var evidence: [String] = []
    }

    public let path: String
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
            try migrator.migrate(pool)
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// Stores a verified, internally chained batch of one device in one transaction, or stores
    /// nothing and says why (gap, fork, a broken link to the held chain).
    public func ingest(device: String, records: [IncomingRecord], now: Timestamp) throws(ReceiverError) -> BatchReply {
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
                    let insert = try db.cachedStatement(sql: "INSERT INTO record (device, seq, payload_sha256, envelope, received_ms) VALUES (?, ?, ?, ?, ?)")
                    let reference = try db.cachedStatement(sql: "INSERT OR IGNORE INTO evidence_reference (device, sha256) VALUES (?, ?)")
                    for record in new {
                        try insert.execute(arguments: [device, record.seq, Data(record.payloadHash), Data(record.envelope), now.millisecondsSinceEpoch])
                        for sha256 in record.evidence { try reference.execute(arguments: [device, sha256]) }
                    }
                    try db.execute(sql: """
                        INSERT INTO device_head (device, accepted_through, last_hash) VALUES (?, ?, ?)
                        ON CONFLICT(device) DO UPDATE SET accepted_through = excluded.accepted_through, last_hash = excluded.last_hash
                        """, arguments: [device, new.last!.seq, Data(new.last!.payloadHash)])
                }
                return .accepted(device: device, acceptedThrough: last.seq)
            }
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// The highest contiguous seq held and the number of records held for `device`.
    public func state(device: String) throws(ReceiverError) -> (acceptedThrough: Int, records: Int) {
        do {
            return try pool.read { db in
                let through = try Int.fetchOne(db, sql: "SELECT accepted_through FROM device_head WHERE device = ?", arguments: [device]) ?? 0
                let count = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM record WHERE device = ?", arguments: [device]) ?? 0
                return (through, count)
            }
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// Whether a stored record of `device` names evidence `sha256`.
    public func names(device: String, evidence sha256: String) throws(ReceiverError) -> Bool {
        do {
            return try pool.read { db in
                try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM evidence_reference WHERE device = ? AND sha256 = ?)", arguments: [device, sha256]) ?? false
            }
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    /// Stored envelope lines of `device` from seq `from`, ascending, at most `limit`.
    public func envelopes(device: String, from: Int, limit: Int) throws(ReceiverError) -> [[UInt8]] {
        do {
            return try pool.read { db in
                try Row.fetchAll(db, sql: "SELECT envelope FROM record WHERE device = ? AND seq >= ? ORDER BY seq LIMIT ?",
                                 arguments: [device, from, limit]).map { Array($0[0] as Data) }
            }
        } catch {
            throw .storage(path, "\(error)")
        }
    }

    public func close() { try? pool.close() }
}
