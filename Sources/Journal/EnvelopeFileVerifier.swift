import Foundation
import LaneModel
import Records

/// Verifies an exported NDJSON file of envelopes: the logic of `laneagent journal verify`.
///
/// The file alone proves that its records are signed and linked, and (when it starts at seq 1)
/// that nothing before them is missing. It cannot prove that nothing after its last line was
/// cut: only the board's journal, given here as `journal`, or the receiver can.
public enum EnvelopeFileVerifier {
    /// The longest line taken for an envelope. An envelope of the largest record the journal
    /// writes is far below it, so a longer line cannot be one; the bound keeps a damaged or
    /// hostile file (one 300 MB line without a newline) from costing its size in memory.
    public static let maximumLineBytes = 1 << 20

    /// A verified file's extent, and what it proves about its ends.
    public struct Summary: Sendable, Equatable {
        public let records: Int
        public let firstSeq: Int
        public let lastSeq: Int
        /// The first record's `prev`: the hash of the record before the file.
        public let firstPrev: String
        /// The file compared with the board's journal; nil when verified with a key alone.
        public let journal: JournalCheck?

        /// Only a file that starts at seq 1 (its `prev` is the genesis value, which the chain
        /// verifier checks) shows that no record before its first was cut.
        public var headProven: Bool { firstSeq == 1 }

        /// Whether no record after the file's last is missing: true when the file's last record
        /// is the journal's newest and identical to it; nil without a journal, which cannot tell.
        public var tailProven: Bool? {
            journal.map { $0.matched?.upperBound == lastSeq && $0.journalLastSeq == lastSeq }
        }
    }

    /// What the board's journal said about the file.
    public struct JournalCheck: Sendable, Equatable {
        /// The journal's oldest and newest seq when verification began (0 when empty).
        public let journalFirstSeq: Int
        public let journalLastSeq: Int
        /// The file's seqs the journal held, each with the identical payload; nil when it held
        /// none of them (pruned).
        public let matched: ClosedRange<Int>?
    }

    /// The first line that failed and why.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public enum Problem: Sendable, Equatable {
            /// The line is not a verifiable next link of the chain.
            case record(VerificationFailure)
            /// The line is longer than `maximumLineBytes`.
            case tooLong
            /// The line is a valid link, but the journal holds a different record at its seq:
            /// the device key signed two histories.
            case differsFromJournal(seq: Int, filePayloadHash: String, journalPayloadHash: String)
            /// The line's seq is after the journal's newest record: the journal lost records, or
            /// the file comes from another journal signed with the same key.
            case notInJournal(seq: Int, journalLastSeq: Int)
        }

        public let line: Int
        public let problem: Problem

        public var description: String {
            switch problem {
            case .record(let failure):
                "line \(line): \(failure)"
            case .tooLong:
                "line \(line) is longer than \(maximumLineBytes >> 20) MiB: not an envelope"
            case .differsFromJournal(let seq, let file, let journal):
                "line \(line): differs from the journal: seq \(seq) has payload hash \(file.prefix(16))… in the file but \(journal.prefix(16))… in the journal"
            case .notInJournal(let seq, let last):
                "line \(line): not in the journal: seq \(seq) is after the journal's newest record "
                    + (last == 0 ? "(it holds none)" : "(seq \(last))")
            }
        }
    }

    /// Checks every line, and with `journal` compares each record with the journal's own at
    /// the same seq; stops at the first failure.
    public static func verify(path: String, keys: VerificationKeys, journal: JournalReader? = nil) throws(JournalError) -> Result<Summary, Failure> {
        var reader = try NDJSONLineReader(path: path)
        var verifier = ChainVerifier(keys: keys)
        var comparison: JournalComparison?
        if let journal { comparison = try JournalComparison(journal.database) }
        var firstPrev = ""
        var lineNumber = 0
        while let next = reader.next(maximum: maximumLineBytes) {
            lineNumber += 1
            guard case .line(let line) = next else { return .failure(Failure(line: lineNumber, problem: .tooLong)) }
            switch verifier.verify(line: line) {
            case .failure(let failure):
                return .failure(Failure(line: lineNumber, problem: .record(failure)))
            case .success(let verified):
                if lineNumber == 1 { firstPrev = verified.record.prev }
                if let problem = try comparison?.check(verified) { return .failure(Failure(line: lineNumber, problem: problem)) }
            }
        }
        guard verifier.count > 0 else {
            return .failure(Failure(line: 1, problem: .record(VerificationFailure(reason: .malformedJSON, detail: "the file holds no records"))))
        }
        let check = comparison.map {
            JournalCheck(journalFirstSeq: $0.bounds.first, journalLastSeq: $0.bounds.last, matched: $0.matched)
        }
        return .success(Summary(records: verifier.count, firstSeq: verifier.firstSeq, lastSeq: verifier.lastSeq,
                                firstPrev: firstPrev, journal: check))
    }

    /// Compares verified records, in ascending seq, with the journal's, fetching a thousand
    /// seqs at a time so a file of millions of records is checked in constant memory.
    private struct JournalComparison {
        let database: JournalDatabase
        /// Taken once, before the file is read: every seq the file holds was written before.
        let bounds: (first: Int, last: Int)
        private var hashes: [Int: [UInt8]] = [:]
        private var fetchedThrough = 0
        private(set) var matched: ClosedRange<Int>?

        init(_ database: JournalDatabase) throws(JournalError) {
            self.database = database
            bounds = try database.seqRange()
        }

        /// The problem, if the journal disagrees; nil when it holds the identical record or no
        /// longer holds that seq (pruned, which proves nothing either way).
        mutating func check(_ verified: VerifiedRecord) throws(JournalError) -> Failure.Problem? {
            let seq = verified.record.seq
            guard seq <= bounds.last else { return .notInJournal(seq: seq, journalLastSeq: bounds.last) }
            guard seq >= bounds.first else { return nil }
            if seq > fetchedThrough {
                fetchedThrough = min(bounds.last, seq + 999)
                hashes = [:]
                for stored in try database.records(in: seq...fetchedThrough) { hashes[stored.seq] = stored.payloadHash }
            }
            // Pruned after `bounds` was taken.
            guard let hash = hashes[seq] else { return nil }
            guard hash == verified.payloadHash else {
                return .differsFromJournal(seq: seq, filePayloadHash: Hex.encode(verified.payloadHash), journalPayloadHash: Hex.encode(hash))
            }
            matched = (matched?.lowerBound ?? seq)...seq
            return nil
        }
    }
}
