import ClearanceProtocol
import Crypto
import LaneModel
import Records

/// What the uploader does about the receiver's answer to one batch: a pure decision from the
/// answer and the journal's position, so every case is table-tested without a server or a clock.
/// `Uploader` carries the decision out (the journal, the state file, the backoff, the log).
public enum BatchAnswer: Sendable, Equatable {
    /// Move `ackedThrough` to `through`; the next batch starts at `resendFrom` when the receiver
    /// acknowledged less than the journal had already recorded, else after `through`. `receipt`
    /// is central's, verified against the pinned key and the batch (nil without a pinned key).
    case acknowledge(through: Int, resendFrom: Int?, receipt: BatchReceipt? = nil)
    /// Send again from `seq` (the receiver expects it: `409 gap`).
    case resend(from: Int)
    /// The body was over the receiver's limit: send again from `seq` at most `maxRecords` a batch.
    case shrink(maxRecords: Int, from: Int)
    /// One record the receiver will not take even alone: send its signed stand-in instead.
    case withhold(seq: Int, limitBytes: Int?)
    /// The receiver is busy and said when to come back.
    case wait(Duration, problem: String)
    /// Try again after the backoff's next delay.
    case retry(problem: String)
    /// Stop and raise the fault: a person must look.
    case fault(code: String, status: Int, error: String, seq: Int, message: String)

    /// The batch the answer is for, as the decision needs it.
    public struct Sent: Sendable, Equatable {
        public let device: String
        public let firstSeq: Int
        public let lastSeq: Int
        /// Whether `firstSeq` already goes as its stand-in (a `413` for it alone is then a fault).
        public let firstWithheld: Bool
        /// The payload hash of record `lastSeq`, which a receipt must name.
        public let lastPayloadHash: [UInt8]

        public init(device: String, firstSeq: Int, lastSeq: Int, firstWithheld: Bool = false, lastPayloadHash: [UInt8] = []) {
            self.device = device
            self.firstSeq = firstSeq
            self.lastSeq = lastSeq
            self.firstWithheld = firstWithheld
            self.lastPayloadHash = lastPayloadHash
        }

        var count: Int { lastSeq - firstSeq + 1 }
        var key: IdempotencyKey { IdempotencyKey(device: device, firstSeq: firstSeq, lastSeq: lastSeq) }
    }

    /// The longest a `Retry-After` is obeyed.
    public static let longestWait: Duration = .seconds(3600)

    /// The decision on an answer with `status`, `body` and `retryAfter` (the header's value) to
    /// `batch`, when the journal holds `journalFirst…journalLast` and had acknowledged through
    /// `ackedThrough` when the batch was read. With `centralKey` (`[uplink] central_key`) a `200`
    /// counts only with a receipt that key signed for this batch's last record.
    public static func decide(status: Int, body: [UInt8], retryAfter: String?, batch: Sent,
                              journalFirst: Int, journalLast: Int, ackedThrough: Int,
                              centralKey: Curve25519.Signing.PublicKey? = nil) -> BatchAnswer {
        let reply = BatchReply(status: status, body: body)
        let key = batch.key
        switch (status, reply) {
        case (200, .accepted(let device, let through, _)?) where device == batch.device:
            let acknowledged = min(through, batch.lastSeq)
            guard acknowledged >= batch.firstSeq - 1 else {
                return .retry(problem: "batch \(key): 200 with acceptedThrough \(through) before the batch")
            }
            var receipt: BatchReceipt?
            if let centralKey {
                do throws(ReceiptProblem) {
                    receipt = try checkedReceipt(body: body, through: through, batch: batch, centralKey: centralKey)
                } catch {
                    return .fault(code: "uplink.receipt", status: 200, error: error.reason, seq: through,
                                  message: "batch \(key): \(error); the batch is not taken as acknowledged and is sent again")
                }
            }
            return .acknowledge(through: acknowledged, resendFrom: acknowledged + 1 <= ackedThrough ? acknowledged + 1 : nil, receipt: receipt)
        case (409, .gap(_, let expected)?):
            if expected > journalLast + 1 {
                return .fault(code: "uplink.fork", status: 409, error: "gap", seq: expected,
                              message: """
                                  the receiver expects seq \(expected) but this journal ends at \(journalLast): it holds records this journal \
                                  does not
                                  """)
            }
            if expected < journalFirst {
                return .fault(code: "uplink.lost", status: 409, error: "gap", seq: expected,
                              message: "the receiver expects seq \(expected) but this journal keeps records from \(journalFirst) only")
            }
            return .resend(from: expected)
        case (409, .fork(_, let seq)?):
            return .fault(code: "uplink.fork", status: 409, error: "fork", seq: seq,
                          message: "record \(seq) differs from the one the clearance service holds")
        case (413, _) where batch.count == 1 && !batch.firstWithheld:
            if case .tooLarge(let limit)? = reply { return .withhold(seq: batch.firstSeq, limitBytes: limit) }
            return .withhold(seq: batch.firstSeq, limitBytes: nil)
        case (413, _) where batch.count > 1:
            return .shrink(maxRecords: max(1, batch.count / 2), from: batch.firstSeq)
        case (429, _), (503, _):
            let problem = "batch \(key): HTTP \(status)"
            if let retryAfter, let delay = RetryAfter.delay(retryAfter) {
                return .wait(min(delay, longestWait), problem: problem + " (Retry-After \(retryAfter))")
            }
            return .retry(problem: problem)
        case (let code, _) where (400..<500).contains(code) && code != 408 && code != 409:
            let (error, seq, message) = refusal(reply, status: code, body: body, batch: batch)
            return .fault(code: "uplink.rejected", status: code, error: error, seq: seq, message: message)
        default:
            let snippet = String(decoding: body.prefix(120), as: UTF8.self)
            return .retry(problem: "batch \(key): unexpected HTTP \(status) answer: \(snippet)")
        }
    }

    /// The `200`'s receipt, signed by `centralKey` for record `through`, which must be the
    /// batch's last (a receipt for a record the batch did not carry cannot be checked here).
    private static func checkedReceipt(body: [UInt8], through: Int, batch: Sent,
                                       centralKey: Curve25519.Signing.PublicKey) throws(ReceiptProblem) -> BatchReceipt {
        let receipt = try BatchReply.receipt(in: (try? JSONParser.parse(body))?["receipt"]).get()
        try receipt.verify(centralKey: centralKey)
        guard through == batch.lastSeq else {
            throw .mismatch("acceptedThrough is \(through), but the batch ends at seq \(batch.lastSeq), the record whose hash the board can check")
        }
        try receipt.check(device: batch.device, seq: through, sha256: batch.lastPayloadHash)
        return receipt
    }

    private static func refusal(_ reply: BatchReply?, status: Int, body: [UInt8], batch: Sent) -> (String, Int, String) {
        switch reply {
        case .badBatch(let reason, let seq, let message)?: (reason.rawValue, seq, message)
        case .unknownKey(_, let seq, let message)?: ("unknown-key", seq, message)
        case .unknownDevice(_, let message)?: ("unknown-device", batch.firstSeq, message)
        case .tooLarge(let limit)?: ("too-large", batch.firstSeq, "record \(batch.firstSeq) alone is over the receiver's limit of \(limit) bytes")
        case .unsupportedMediaType(let message)?: ("unsupported-media-type", batch.firstSeq, message)
        default: ("http-\(status)", batch.firstSeq, String(decoding: body.prefix(200), as: UTF8.self))
        }
    }
}
