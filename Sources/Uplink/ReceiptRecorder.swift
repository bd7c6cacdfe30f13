import Crypto
import Foundation
import Journal
import LaneModel
import Logging
import Records

/// Journals central's verified receipts as `uplink.receipt` records, as `ReceiptLedger`
/// decides. Without `[uplink] central_key` the board cannot verify a receipt, so it journals
/// none and says so once.
public actor ReceiptRecorder {
    /// The pinned central key receipts must be signed with; nil: receipts are not checked.
    public nonisolated let centralKey: Curve25519.Signing.PublicKey?
    private let journal: Journal
    private let logger: Logger
    private var ledger: ReceiptLedger

    /// Starts after the journal's newest receipt record, so a restart does not journal a
    /// receipt that covers only that record.
    public init(journal: Journal, centralKey raw: [UInt8]?, logger: Logger) {
        self.journal = journal
        self.logger = logger
        centralKey = raw.flatMap { try? Curve25519.Signing.PublicKey(rawRepresentation: $0) }
        var lastSeq = 0
        var covered = 0
        if let newest = try? journal.newest(kind: .uplinkReceipt), let envelope = try? Envelope(parsing: newest.bytes),
           let record = try? Record(parsing: JSONParser.parse(envelope.payload)) {
            lastSeq = newest.seq
            covered = record.body["acceptedThrough"]?.integerValue ?? 0
        }
        ledger = ReceiptLedger(lastRecordSeq: lastSeq, lastCovered: covered, now: journal.options.clock.uptime())
        if centralKey == nil {
            logger.notice("receipts from the clearance service are not verified or journaled: no [uplink] central_key")
        }
    }

    /// A verified receipt for a batch just acknowledged.
    public func received(_ receipt: BatchReceipt) async {
        if let due = ledger.received(receipt, now: journal.options.clock.uptime()) { await write(due) }
    }

    /// The uploader has nothing to send; `flush` when a push ends. True when a record was written.
    @discardableResult
    public func idle(flush: Bool) async -> Bool {
        guard let due = ledger.idle(now: journal.options.clock.uptime(), flush: flush) else { return false }
        return await write(due)
    }

    @discardableResult
    private func write(_ receipt: BatchReceipt) async -> Bool {
        do {
            let sealed = try await journal.append(receipt)
            ledger.written(receipt, seq: sealed.record.seq, now: journal.options.clock.uptime())
            logger.debug("receipt journaled", metadata: ["through": "\(receipt.acceptedThrough)", "seq": "\(sealed.record.seq)"])
            return true
        } catch {
            // The receipt stays pending: the next due moment tries again.
            logger.error("cannot journal central's receipt", metadata: ["through": "\(receipt.acceptedThrough)", "error": "\(error)"])
            return false
        }
    }
}
