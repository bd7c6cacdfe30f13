import Crypto
import Foundation
import LaneModel
import Records

/// Verifies an exported NDJSON file of envelopes: the logic of `laneagent journal verify`.
///
/// The file alone proves that its records are signed and linked, and (when it starts at seq 1)
/// that nothing before them is missing. It cannot prove that nothing after its last line was
/// cut: only the board's journal, given here as `journal`, or the receiver can. The receiver's
/// word is in the file as `uplink.receipt` records: with the central key each is checked, and
/// the newest proves central holds every record through the seq it names.
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
        /// The newest receipt record in the file; nil when it holds none.
        public let receipt: ReceiptFinding?
        /// Whether receipts were checked against a central key (none was given otherwise).
        public let receiptsChecked: Bool

        /// Only a file that starts at seq 1 (its `prev` is the genesis value, which the chain
        /// verifier checks) shows that no record before its first was cut.
        public var headProven: Bool { firstSeq == 1 }

        /// Whether no record after the file's last is missing: true when the file's last record
        /// is the journal's newest and identical to it; nil without a journal, which cannot tell.
        public var tailProven: Bool? {
            journal.map { $0.matched?.upperBound == lastSeq && $0.journalLastSeq == lastSeq }
        }
    }

    /// The newest `uplink.receipt` record and what it proves.
    public struct ReceiptFinding: Sendable, Equatable {
        /// The receipt record's own seq.
        public let recordSeq: Int
        public let receipt: BatchReceipt
        /// Whether the record it names was in the file and hashed as the receipt says (false:
        /// it is before the file, so only the signature was checked).
        public let hashMatched: Bool
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
            /// The line is an `uplink.receipt` record that is not central's word on this chain.
            case receipt(seq: Int, ReceiptProblem)
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
            case .receipt(let seq, let problem):
                "line \(line): receipt record seq \(seq) is not central's receipt for this chain: \(problem)"
            }
        }
    }

    /// Checks every line, and with `journal` compares each record with the journal's own at
    /// the same seq, and with `centralKey` every receipt record; stops at the first failure.
    public static func verify(path: String, keys: VerificationKeys, journal: JournalReader? = nil,
                              centralKey: Curve25519.Signing.PublicKey? = nil) throws(JournalError) -> Result<Summary, Failure> {
        var reader = try NDJSONLineReader(path: path)
        var stream = LineCheck(keys: keys, centralKey: centralKey)
        if let journal { stream.comparison = try JournalComparison(journal.database) }
        while let next = reader.next(maximum: maximumLineBytes) {
            guard case .line(let line) = next else { return .failure(Failure(line: stream.lineNumber + 1, problem: .tooLong)) }
            if let failure = try stream.take(line) { return .failure(failure) }
        }
        return stream.finish(empty: "the file holds no records")
    }

    /// Checks the board's own journal the same way, oldest record first, a thousand records at
    /// a time; "line" then counts records from the oldest kept.
    public static func verify(journal: JournalReader, keys: VerificationKeys,
                              centralKey: Curve25519.Signing.PublicKey? = nil) throws(JournalError) -> Result<Summary, Failure> {
        var stream = LineCheck(keys: keys, centralKey: centralKey)
        let bounds = try journal.database.seqRange()
        var next = bounds.first
        while bounds.last > 0, next <= bounds.last {
            let chunk = try journal.database.records(in: next...min(bounds.last, next + 999))
            // Pruned meanwhile: the oldest kept is further on.
            guard let last = chunk.last else { break }
            for stored in chunk {
                if let failure = try stream.take(stored.envelope) { return .failure(failure) }
            }
            next = last.seq + 1
        }
        return stream.finish(empty: "the journal holds no records")
    }

    /// The checks of one stream of envelope lines, line by line.
    private struct LineCheck {
        var verifier: ChainVerifier
        let centralKey: Curve25519.Signing.PublicKey?
        var comparison: JournalComparison?
        var firstPrev = ""
        var lineNumber = 0
        var newestReceipt: ReceiptFinding?

        init(keys: VerificationKeys, centralKey: Curve25519.Signing.PublicKey?) {
            verifier = ChainVerifier(keys: keys)
            self.centralKey = centralKey
        }

        /// The failure of the next line, if it fails.
        mutating func take<Bytes: Collection<UInt8>>(_ line: Bytes) throws(JournalError) -> Failure? {
            lineNumber += 1
            switch verifier.verify(line: line) {
            case .failure(let failure):
                return Failure(line: lineNumber, problem: .record(failure))
            case .success(let verified):
                if lineNumber == 1 { firstPrev = verified.record.prev }
                if let problem = try comparison?.check(verified) { return Failure(line: lineNumber, problem: problem) }
                if verified.record.kind == RecordKind.uplinkReceipt.rawValue {
                    do throws(ReceiptProblem) {
                        newestReceipt = try EnvelopeFileVerifier.checkReceipt(verified.record, chain: verifier, centralKey: centralKey)
                    } catch {
                        return Failure(line: lineNumber, problem: .receipt(seq: verified.record.seq, error))
                    }
                }
                return nil
            }
        }

        func finish(empty: String) -> Result<Summary, Failure> {
            guard verifier.count > 0 else {
                return .failure(Failure(line: 1, problem: .record(VerificationFailure(reason: .malformedJSON, detail: empty))))
            }
            let check = comparison.map {
                JournalCheck(journalFirstSeq: $0.bounds.first, journalLastSeq: $0.bounds.last, matched: $0.matched)
            }
            return .success(Summary(records: verifier.count, firstSeq: verifier.firstSeq, lastSeq: verifier.lastSeq,
                                    firstPrev: firstPrev, journal: check, receipt: newestReceipt, receiptsChecked: centralKey != nil))
        }
    }

    /// A receipt record's receipt: for this device, for an earlier record, and with `centralKey`
    /// signed by it and naming that record's hash when the file holds it.
    private static func checkReceipt(_ record: Record, chain: ChainVerifier,
                                     centralKey: Curve25519.Signing.PublicKey?) throws(ReceiptProblem) -> ReceiptFinding {
        let receipt = try BatchReceipt(json: record.body)
        guard receipt.device == record.device else { throw .mismatch("it is for device \(receipt.device), the record is \(record.device)'s") }
        guard receipt.acceptedThrough < record.seq else {
            throw .mismatch("it acknowledges seq \(receipt.acceptedThrough), not before its own record \(record.seq)")
        }
        guard let centralKey else { return ReceiptFinding(recordSeq: record.seq, receipt: receipt, hashMatched: false) }
        try receipt.verify(centralKey: centralKey)
        guard let hash = chain.payloadHash(seq: receipt.acceptedThrough) else {
            return ReceiptFinding(recordSeq: record.seq, receipt: receipt, hashMatched: false)
        }
        try receipt.check(device: record.device, seq: receipt.acceptedThrough, sha256: hash)
        return ReceiptFinding(recordSeq: record.seq, receipt: receipt, hashMatched: true)
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
