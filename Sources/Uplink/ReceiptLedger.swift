import Records

/// Which of central's verified receipts the board journals as `uplink.receipt` records: a pure
/// decision, so the coalescing is table-tested without a server or a clock.
///
/// Receipt records are uploaded and receipted like any other, so journaling every receipt
/// would feed itself. A receipt is worth a record only when it covers a record the newest
/// receipt record does not, other than that receipt record itself; of those, the
/// newest waits as `pending` and is written when `interval` has passed since the last one or
/// it covers `records` more records than the last one did (a large backlog: about one a batch),
/// when the uploader has been idle that long, or at once when a push ends (`flush`).
public struct ReceiptLedger: Sendable, Equatable {
    /// The seq of the newest `uplink.receipt` record this board wrote (0: none yet).
    public private(set) var lastRecordSeq: Int
    /// The seq the newest receipt record acknowledges.
    public private(set) var lastCovered: Int
    /// The newest receipt worth a record that is not yet written.
    public private(set) var pending: BatchReceipt?
    private var lastWrittenAt: Duration
    /// The shortest time between two receipt records while records keep coming.
    public let interval: Duration
    /// Records covered beyond the last receipt record that make the next one due at once.
    public let records: Int

    /// A ledger that last wrote record `lastRecordSeq` (from the uplink state) starting at uptime `now`.
    public init(lastRecordSeq: Int, lastCovered: Int, now: Duration, interval: Duration = .seconds(60), records: Int = 1000) {
        self.lastRecordSeq = lastRecordSeq
        self.lastCovered = lastCovered
        self.lastWrittenAt = now
        self.interval = interval
        self.records = records
    }

    /// Takes a verified receipt; returns the receipt to journal now, if one is due.
    public mutating func received(_ receipt: BatchReceipt, now: Duration) -> BatchReceipt? {
        // Beyond what the newest receipt record covers, only that record itself: nothing new to prove.
        let own = lastRecordSeq > lastCovered && lastRecordSeq <= receipt.acceptedThrough ? 1 : 0
        guard receipt.acceptedThrough - lastCovered > own else { return nil }
        if let held = pending, held.acceptedThrough > receipt.acceptedThrough { return due(now) }
        pending = receipt
        return due(now)
    }

    /// The uploader has nothing to send: the pending receipt if `interval` has passed since the
    /// last record, or whatever the time with `flush` (a push ends).
    public mutating func idle(now: Duration, flush: Bool) -> BatchReceipt? {
        guard let pending else { return nil }
        return flush || now - lastWrittenAt >= interval ? pending : nil
    }

    /// `receipt` was journaled as record `seq` at uptime `now`.
    public mutating func written(_ receipt: BatchReceipt, seq: Int, now: Duration) {
        lastRecordSeq = max(lastRecordSeq, seq)
        lastCovered = max(lastCovered, receipt.acceptedThrough)
        lastWrittenAt = now
        if let held = pending, held.acceptedThrough <= receipt.acceptedThrough { pending = nil }
    }

    private func due(_ now: Duration) -> BatchReceipt? {
        guard let pending else { return nil }
        return now - lastWrittenAt >= interval || pending.acceptedThrough - lastCovered >= records ? pending : nil
    }
}
