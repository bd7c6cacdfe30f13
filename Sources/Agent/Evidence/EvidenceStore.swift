import ClearanceProtocol
import Crypto
import Foundation
import GRDB
import LaneModel

/// Evidence files, content-addressed under `<state_dir>/evidence/<first two hex>/<sha256>`, with
/// an index (`index.sqlite`) of which record refers to each and whether central has it.
///
/// A file is written (and synced) before the record that refers to it is appended, so a
/// committed record never points at a missing file; a file whose record never committed
/// (a crash in between) is an orphan and is removed after an hour.
public final class EvidenceStore: Sendable {
    /// What the folder holds.
    public struct Usage: Sendable, Equatable {
        public var files: Int
        public var bytes: Int64
        /// Files central does not have yet.
        public var unsent: Int

        public init(files: Int, bytes: Int64, unsent: Int) {
            self.files = files
            self.bytes = bytes
            self.unsent = unsent
        }
    }

    /// One stored file waiting for upload.
    public struct Pending: Sendable {
        public let reference: EvidenceReference
        public let path: String
    }

    public let directory: String
    private let sealTo: [UInt8]?
    private let database: DatabaseQueue
    static let orphanMilliseconds: Int64 = 3_600_000

    /// Opens (creating) the store in `<stateDirectory>/evidence`.
    public init(stateDirectory: String, sealTo: [UInt8]?) throws(EvidenceError) {
        directory = stateDirectory + "/evidence"
        self.sealTo = sealTo
        if mkdir(directory, 0o750) != 0 && errno != EEXIST { throw .io(directory, "create", errno: errno) }
        do {
            // WAL: one fsync per commit instead of the rollback journal's several, and readers
            // (the uploader) never wait for the gateway's writes.
            var configuration = Configuration()
            configuration.prepareDatabase { db in try db.execute(sql: "PRAGMA synchronous = FULL") }
            database = try DatabaseQueue(path: directory + "/index.sqlite", configuration: configuration)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try database.write { db in
                try db.execute(sql: """
                    CREATE TABLE IF NOT EXISTS evidence (
                        sha256 TEXT PRIMARY KEY, size INTEGER NOT NULL, media_type TEXT NOT NULL, role TEXT NOT NULL,
                        sealed INTEGER NOT NULL, stored_at INTEGER NOT NULL, record_seq INTEGER, uploaded_at INTEGER);
                    CREATE INDEX IF NOT EXISTS evidence_record ON evidence(record_seq);
                    """)
            }
        } catch {
            throw .index(error)
        }
    }

    /// Stores `item` (sealed first when personal) and returns its reference. Storing the same
    /// bytes twice keeps one file.
    public func store(_ item: EvidenceItem, now: Timestamp) throws(EvidenceError) -> EvidenceReference {
        try store([item], now: now)[0]
    }

    /// Stores one reading's files, indexed in one transaction.
    public func store(_ items: [EvidenceItem], now: Timestamp) throws(EvidenceError) -> [EvidenceReference] {
        guard !items.isEmpty else { return [] }
        var references: [EvidenceReference] = []
        for item in items {
            var bytes = item.bytes
            if item.personal {
                guard let sealTo else { throw .noSealKey }
                do { bytes = try EvidenceSeal.seal(bytes, to: sealTo) } catch { throw .seal(error) }
            }
            let sha256 = Hex.encode(SHA256.hash(data: bytes))
            let path = self.path(of: sha256)
            if access(path, F_OK) != 0 { try write(bytes, to: path) }
            references.append(EvidenceReference(sha256: sha256, size: bytes.count, mediaType: item.mediaType, role: item.role, sealed: item.personal))
        }
        do {
            try database.write { db in
                for reference in references {
                    try db.execute(sql: "INSERT OR IGNORE INTO evidence (sha256, size, media_type, role, sealed, stored_at) VALUES (?, ?, ?, ?, ?, ?)",
                                   arguments: [reference.sha256, reference.size, reference.mediaType, reference.role, reference.sealed,
                                               now.millisecondsSinceEpoch])
                }
            }
        } catch {
            throw .index(error)
        }
        return references
    }

    /// Notes that record `seq` refers to `references` (the first record to do so owns them).
    public func attach(_ references: [EvidenceReference], to seq: Int) throws(EvidenceError) {
        guard !references.isEmpty else { return }
        do {
            try database.write { db in
                for reference in references {
                    try db.execute(sql: "UPDATE evidence SET record_seq = ? WHERE sha256 = ? AND record_seq IS NULL", arguments: [seq, reference.sha256])
                }
            }
        } catch {
            throw .index(error)
        }
    }

    /// Files whose record central acknowledged (`seq ≤ ackedThrough`) and that are not uploaded yet, oldest first.
    public func pendingUploads(ackedThrough: Int, limit: Int) throws(EvidenceError) -> [Pending] {
        do {
            return try database.read { db in
                try Row.fetchAll(db, sql: """
                    SELECT sha256, size, media_type, role, sealed FROM evidence
                    WHERE uploaded_at IS NULL AND record_seq IS NOT NULL AND record_seq <= ? ORDER BY record_seq LIMIT ?
                    """, arguments: [ackedThrough, limit]).map { row in
                    let reference = EvidenceReference(sha256: row["sha256"], size: row["size"], mediaType: row["media_type"], role: row["role"], sealed: row["sealed"])
                    return Pending(reference: reference, path: path(of: reference.sha256))
                }
            }
        } catch {
            throw .index(error)
        }
    }

    /// Records that central has the file.
    public func markUploaded(_ sha256: String, now: Timestamp) throws(EvidenceError) {
        do {
            try database.write { db in
                try db.execute(sql: "UPDATE evidence SET uploaded_at = ? WHERE sha256 = ?", arguments: [now.millisecondsSinceEpoch, sha256])
            }
        } catch {
            throw .index(error)
        }
    }

    /// Removes uploaded files whose record the journal no longer holds (`seq < firstSeq`) and
    /// orphans older than an hour, then the oldest uploaded files while the folder is over
    /// `capBytes`. Returns true when it is still over the cap: only unsent files are left, and
    /// those are never dropped.
    public func prune(firstSeq: Int, capBytes: Int64, now: Timestamp) throws(EvidenceError) -> Bool {
        do {
            let doomed: [String] = try database.read { db in
                try String.fetchAll(db, sql: """
                    SELECT sha256 FROM evidence WHERE (uploaded_at IS NOT NULL AND record_seq < ?)
                    OR (record_seq IS NULL AND stored_at < ?)
                    """, arguments: [firstSeq, now.millisecondsSinceEpoch - Self.orphanMilliseconds])
            }
            try remove(doomed)
            var total = try usage().bytes
            guard total > capBytes else { return false }
            let uploaded: [Row] = try database.read { db in
                try Row.fetchAll(db, sql: "SELECT sha256, size FROM evidence WHERE uploaded_at IS NOT NULL ORDER BY uploaded_at, record_seq")
            }
            var evicted: [String] = []
            for row in uploaded where total > capBytes {
                evicted.append(row["sha256"])
                total -= row["size"] as Int64
            }
            try remove(evicted)
            return total > capBytes
        } catch let error as EvidenceError {
            throw error
        } catch {
            throw .index(error)
        }
    }

    /// Files, bytes and unsent files now.
    public func usage() throws(EvidenceError) -> Usage {
        do {
            return try database.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS files, COALESCE(SUM(size), 0) AS bytes, COUNT(*) - COUNT(uploaded_at) AS unsent FROM evidence")!
                return Usage(files: row["files"], bytes: row["bytes"], unsent: row["unsent"])
            }
        } catch {
            throw .index(error)
        }
    }

    /// The stored bytes of `sha256`.
    public func contents(_ sha256: String) -> [UInt8]? {
        FileManager.default.contents(atPath: path(of: sha256)).map(Array.init)
    }

    func path(of sha256: String) -> String { "\(directory)/\(sha256.prefix(2))/\(sha256)" }

    private func remove(_ hashes: [String]) throws {
        guard !hashes.isEmpty else { return }
        try database.write { db in
            for sha256 in hashes {
                unlink(path(of: sha256))
                try db.execute(sql: "DELETE FROM evidence WHERE sha256 = ?", arguments: [sha256])
            }
        }
    }

    /// Temp file, fsync, rename, fsync of the folder: the file is whole or absent after a crash.
    /// Two readings may carry the same picture at once (two cameras, a resent push): each writer
    /// gets its own temporary file (a random name, created with O_EXCL, so never shared or
    /// truncated under another writer), and the rename of identical bytes over one another is harmless.
    private func write(_ bytes: [UInt8], to path: String) throws(EvidenceError) {
        let folder = String(path[..<path.lastIndex(of: "/")!])
        if mkdir(folder, 0o750) != 0 && errno != EEXIST { throw .io(folder, "create", errno: errno) }
        let temporary = "\(path).\(UUID().uuidString).tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o640)
        guard descriptor >= 0 else { throw .io(temporary, "create", errno: errno) }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + written, bytes.count - written) }
            if result < 0 {
                if errno == EINTR { continue }
                let number = errno
                close(descriptor)
                unlink(temporary)
                throw .io(temporary, "write", errno: number)
            }
            written += result
        }
        guard fsync(descriptor) == 0 else {
            let number = errno
            close(descriptor)
            unlink(temporary)
            throw .io(temporary, "sync", errno: number)
        }
        close(descriptor)
        guard rename(temporary, path) == 0 else {
            let number = errno
            unlink(temporary)
            throw .io(path, "rename into", errno: number)
        }
        let directory = open(folder, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directory >= 0 {
            fsync(directory)
            close(directory)
        }
    }
}
