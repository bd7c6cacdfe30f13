import Foundation
import GRDB
import LaneModel
import Records

/// Recovers what still verifies from a damaged journal.
public enum JournalSalvage {
    /// Seqs that could not be saved and why.
    public struct Loss: Sendable, Equatable, CustomStringConvertible {
        public let seqs: ClosedRange<Int>
        public let reason: String
        public var description: String {
            seqs.count == 1 ? "seq \(seqs.lowerBound): \(reason)" : "seq \(seqs.lowerBound)-\(seqs.upperBound): \(reason)"
        }
    }

    /// What salvage saved and lost.
    public struct Report: Sendable, Equatable {
        public var saved = 0
        public var firstSaved: Int?
        public var lastSaved: Int?
        public var losses: [Loss] = []

        mutating func lose(_ seq: Int, _ reason: String) {
            if let last = losses.last, last.reason == reason, last.seqs.upperBound == seq - 1 {
                losses[losses.count - 1] = Loss(seqs: last.seqs.lowerBound...seq, reason: reason)
            } else {
                losses.append(Loss(seqs: seq...seq, reason: reason))
            }
        }
    }

    /// Reads every row it can from the journal at `path`, passes each record that verifies
    /// (signature, canonical form, and chain link to the record before it when that one was
    /// saved) to `save` in seq order, and reports the rest.
    public static func run(databasePath path: String, keys: VerificationKeys, save: ([UInt8]) throws -> Void) throws(JournalError) -> Report {
        guard FileManager.default.fileExists(atPath: path) else { throw .notFound(path) }
        let queue: DatabaseQueue
        do { queue = try DatabaseQueue(path: path) } catch {
            throw .damaged(path, "SQLite cannot open it at all: \(error)")
        }
        defer { try? queue.close() }
        let range: (Int, Int)
        do {
            range = try queue.read { db in
                let row = try Row.fetchOne(db, sql: "SELECT IFNULL(MIN(seq), 0), IFNULL(MAX(seq), 0) FROM record")!
                return (row[0], row[1])
            }
        } catch {
            throw .damaged(path, "the record table cannot be read: \(error)")
        }
        var report = Report()
        guard range.0 > 0 else { return report }
        let verifier = ChainVerifier(keys: keys)
        var previous: (seq: Int, hash: [UInt8])?
        var start = range.0
        while start <= range.1 {
            let end = min(range.1, start + 499)
            var rows: [Int: [UInt8]] = [:]
            var unreadable: [Int: String] = [:]
            do {
                rows = try fetch(queue, start...end)
            } catch {
                // A damaged page: try each record on its own to save the ones around it.
                for seq in start...end {
                    do { rows.merge(try fetch(queue, seq...seq)) { $1 } } catch { unreadable[seq] = "unreadable: \(error)" }
                }
            }
            for seq in start...end {
                guard let envelopeBytes = rows[seq] else {
                    report.lose(seq, unreadable[seq] ?? "missing from the file")
                    continue
                }
                let envelope: Envelope
                do { envelope = try Envelope(parsing: envelopeBytes) } catch {
                    report.lose(seq, "malformed JSON: \(error)")
                    continue
                }
                switch verifier.check(envelope) {
                case .failure(let failure):
                    report.lose(seq, failure.description)
                case .success(let (record, hash)):
                    if record.seq != seq {
                        report.lose(seq, "stored under seq \(seq) but signed as seq \(record.seq)")
                    } else if let previous, previous.seq == seq - 1, record.prev != Hex.encode(previous.hash) {
                        report.lose(seq, "fork: prev does not match seq \(seq - 1)")
                    } else {
                        do { try save(envelopeBytes) } catch { throw .io("salvage output", "\(error)") }
                        report.saved += 1
                        report.firstSaved = report.firstSaved ?? seq
                        report.lastSaved = seq
                        previous = (seq, hash)
                    }
                }
            }
            start = end + 1
        }
        return report
    }

    private static func fetch(_ queue: DatabaseQueue, _ range: ClosedRange<Int>) throws -> [Int: [UInt8]] {
        try queue.read { db in
            var rows: [Int: [UInt8]] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT seq, envelope FROM record WHERE seq BETWEEN ? AND ?",
                                        arguments: [range.lowerBound, range.upperBound]) {
                rows[row[0]] = Array(row[1] as Data)
            }
            return rows
        }
    }
}
