import Foundation
import LaneModel
#if canImport(Glibc)
import Glibc
import Records
#endif

/// Read-only access to a journal, safe while the daemon writes it (SQLite WAL readers do not
/// block the writer): status and export for the CLI.
public struct JournalReader: Sendable {
    public let paths: JournalPaths
    /// Internal, not private: `EnvelopeFileVerifier` compares an export with it.
    let database: JournalDatabase

    /// Opens an existing journal for reading.
    public static func open(paths: JournalPaths) throws(JournalError) -> JournalReader {
        JournalReader(paths: paths, database: try JournalDatabase.open(path: paths.database, create: false))
    }

    private init(paths: JournalPaths, database: JournalDatabase) {
        self.paths = paths
        self.database = database
    }

    /// Counts, sizes and faults.
    public func status(options: JournalOptions = JournalOptions()) throws(JournalError) -> JournalStatus {
        try JournalStatus.read(database, paths: paths, device: nil, options: options)
    }

    /// Passes the stored envelope bytes of seq `from…to` to `body`, ascending, a chunk at a time
    /// so an export of millions of records runs in constant memory. Returns the seqs exported.
    @discardableResult
    public func forEachEnvelope(from: Int? = nil, to: Int? = nil, _ body: ([UInt8]) throws -> Void) throws(JournalError) -> ClosedRange<Int>? {
        let bounds = try database.bounds()
        guard bounds.count > 0 else { return nil }
        let lower = max(from ?? bounds.first, bounds.first)
        let upper = min(to ?? bounds.last, bounds.last)
        if let from, from > bounds.last { throw .badRange("--from \(from) is after the last record (seq \(bounds.last))") }
        if let to, to < bounds.first { throw .badRange("--to \(to) is before the first record kept (seq \(bounds.first))") }
        guard lower <= upper else { throw .badRange("--from \(lower) is after --to \(upper)") }
        var start = lower
        while start <= upper {
            let end = min(upper, start + 999)
            for stored in try database.records(in: start...end) {
                do { try body(stored.envelope) } catch let error as JournalError { throw error } catch {
                    throw .io("export", "\(error)")
                }
            }
            start = end + 1
        }
        return lower...upper
    }

    /// The writer's open-time check, without the writer: SQLite quick_check, no missing seq,
    /// and the newest `count` records verify (signature, canonical form, chain). Returns how
    /// many were verified; throws `damaged` on the first problem.
    public func verifyNewest(_ count: Int, key: DeviceKey) throws(JournalError) -> Int {
        _ = try JournalIntegrity.check(database, key: key, verifyNewest: count)
        return min(max(1, count), try database.bounds().count)
    }

    /// True while a process holds the journal's writer lock (`laneagent run`, `diag bench`).
    /// Probes with a shared lock that is dropped at once, never creating the lock file.
    public static func writerIsActive(paths: JournalPaths) -> Bool {
        let descriptor = Glibc.open(paths.writerLock, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return false }
        defer { Glibc.close(descriptor) }
        guard flock(descriptor, LOCK_SH | LOCK_NB) == 0 else { return true }
        flock(descriptor, LOCK_UN)
        return false
    }

    public func close() { database.close() }
}
