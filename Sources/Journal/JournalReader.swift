import Foundation
import LaneModel

/// Read-only access to a journal, safe while the daemon writes it (SQLite WAL readers do not
/// block the writer): status and export for the CLI.
public struct JournalReader: Sendable {
    public let paths: JournalPaths
    private let database: JournalDatabase

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

    public func close() { database.close() }
}
