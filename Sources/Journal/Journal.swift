import Foundation
import LaneModel
import Records
import Synchronization

/// The durable, signed, hash-chained record journal of one device.
///
/// Only one process writes a journal (an flock on `journal.lock`); `append` returns once the
/// record's transaction committed with `synchronous=FULL`, so a returned record survives a
/// crash or power loss. Concurrent appends are group-committed in the order they arrived.
public final class Journal: Sendable {
    public let paths: JournalPaths
    public let device: String
    public let site: String
    public let options: JournalOptions
    let database: JournalDatabase
    private let writer: GroupCommitWriter
    private let lock: WriterLock
    private let key: DeviceKey
    /// Told how long each committed append took; the daemon's append latency metric.
    private let appendObserver = Mutex<(@Sendable (Duration) -> Void)?>(nil)

    private init(paths: JournalPaths, device: String, site: String, options: JournalOptions,
                 database: JournalDatabase, writer: GroupCommitWriter, lock: WriterLock, key: DeviceKey) {
        self.key = key
        self.paths = paths
        self.device = device
        self.site = site
        self.options = options
        self.database = database
        self.writer = writer
        self.lock = lock
    }

    /// Opens the journal for writing, creating it on first use, after checking it: SQLite's
    /// `quick_check`, then the signatures and chain of the newest records. A damaged journal
    /// throws `LA-JOURNAL-003` naming the file and the damage.
    public static func open(paths: JournalPaths, device: String, site: String, key: DeviceKey,
                            options: JournalOptions = JournalOptions()) throws(JournalError) -> Journal {
        // 0700 and this user's, whatever the umask or an earlier mkdir left; the journal 0600.
        try StateDirectory.prepare(paths)
        let lock = try WriterLock.acquire(paths.writerLock, journal: paths.database)
        do throws(JournalError) {
            let database = try JournalDatabase.open(path: paths.database, create: true, durability: options.durability)
            do throws(JournalError) {
                let meta = try database.meta()
                if let meta {
                    guard meta.device == device else {
                        throw JournalError.identityMismatch(paths.database, "it was written by device \(meta.device), this agent is \(device)")
                    }
                    guard meta.keyID == key.keyID else {
                        throw JournalError.identityMismatch(paths.database, "it was signed with key \(meta.keyID), the device key is \(key.keyID)")
                    }
                }
                let head = try JournalIntegrity.check(database, key: key, verifyNewest: options.verifyNewestAtOpen)
                if meta == nil { try database.insertMeta(device: device, site: site, keyID: key.keyID, now: options.now()) }
                let writer = try GroupCommitWriter(database: database, head: head, key: key, device: device, site: site, options: options)
                writer.start()
                return Journal(paths: paths, device: device, site: site, options: options, database: database, writer: writer, lock: lock, key: key)
            } catch {
                database.close()
                throw error
            }
        } catch {
            lock.release()
            throw error
        }
    }

    /// Appends a record; returns once it is committed to disk.
    @discardableResult
    public func append(_ draft: RecordDraft) async throws(JournalError) -> SealedRecord {
        let submitted = ContinuousClock.now
        let result = await withCheckedContinuation { continuation in
            writer.submit(draft) { continuation.resume(returning: $0) }
        }
        let sealed = try result.get()
        appendObserver.withLock { $0 }?(submitted.duration(to: .now))
        return sealed
    }

    /// Appends a record of `kind`; returns once it is committed to disk.
    @discardableResult
    public func append(kind: String, lane: String? = nil, body: JSONValue) async throws(JournalError) -> SealedRecord {
        try await append(RecordDraft(kind: kind, lane: lane, body: body))
    }

    /// Appends a record of a declared kind with a body built by hand (tests, fixtures).
    @discardableResult
    public func append(_ kind: RecordKind, lane: String? = nil, body: JSONValue) async throws(JournalError) -> SealedRecord {
        try await append(RecordDraft(kind: kind.rawValue, lane: lane, body: body))
    }

    /// Appends a record of `body`'s kind: what the daemon's own code calls.
    @discardableResult
    public func append(_ body: some RecordBody, lane: String? = nil) async throws(JournalError) -> SealedRecord {
        try await append(RecordDraft(body, lane: lane))
    }

    /// Appends without waiting; `completion` runs on the writer thread after the commit.
    public func append(_ draft: RecordDraft, completion: @escaping @Sendable (Result<SealedRecord, JournalError>) -> Void) {
        guard let observer = appendObserver.withLock({ $0 }) else { return writer.submit(draft, completion: completion) }
        let submitted = ContinuousClock.now
        writer.submit(draft) { result in
            if case .success = result { observer(submitted.duration(to: .now)) }
            completion(result)
        }
    }

    /// Calls `observer` with the time from submission to commit of every append from now on
    /// (replacing an earlier observer): how the daemon measures append latency.
    public func observeAppends(_ observer: @escaping @Sendable (Duration) -> Void) {
        appendObserver.withLock { $0 = observer }
    }

    /// The stored envelope lines of seq `from` onwards, ascending, at most `limit` of them: what
    /// the uplink sends. Reads run beside appends (WAL readers never block the writer).
    public func envelopes(from seq: Int, limit: Int) throws(JournalError) -> [StoredEnvelope] {
        guard limit > 0 else { return [] }
        return try database.records(in: seq...(seq + limit - 1)).map { StoredEnvelope(seq: $0.seq, bytes: $0.envelope) }
    }

    /// The signed stand-in the uplink sends for a stored record the receiver will not take.
    public func withheldStub(for stored: StoredEnvelope, reason: String) throws(JournalError) -> [UInt8] {
        do { return try WithheldRecord.envelope(for: stored, key: key, reason: reason) } catch {
            throw .damaged("record \(stored.seq)", "its stored envelope cannot be read to withhold it: \(error.description)")
        }
    }

    /// Where uploading stands: first and last seq kept and `ackedThrough`. Cheap enough to ask
    /// before every batch (no row count, no file sizes).
    public func position() throws(JournalError) -> JournalPosition {
        let range = try database.seqRange()
        return JournalPosition(firstSeq: range.first, lastSeq: range.last, ackedThrough: try database.meta()?.ackedThrough ?? 0)
    }

    /// Records that the central service holds everything through `seq` (never moves back).
    public func acknowledge(through seq: Int) throws(JournalError) {
        try database.setAckedThrough(seq)
    }

    /// Deletes acknowledged records older than the retention window; returns how many.
    @discardableResult
    public func prune(now: Timestamp? = nil) throws(JournalError) -> Int {
        let now = now ?? options.now()
        let cutoff = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - Int64(options.retentionDays) * 86_400_000)
        return try database.prune(olderThan: cutoff)
    }

    /// How long appends have been waiting with none committing (zero when the writer is idle or
    /// keeping up): what the daemon's watchdog calls a hung journal.
    public var writerStalled: Duration { writer.progress.stalled }

    /// Counts, sizes and faults.
    public func status() throws(JournalError) -> JournalStatus {
        try JournalStatus.read(database, paths: paths, device: device, options: options)
    }

    /// Commits everything queued, stops the writer and releases the file.
    public func close() {
        writer.stop()
        database.close()
        lock.release()
    }
}
