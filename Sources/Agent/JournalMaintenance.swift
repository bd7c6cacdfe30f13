import Journal
import LaneModel
import Logging

/// The journal's housekeeping: raises and clears the low-disk fault as records, and prunes
/// acknowledged records past retention. A pure step driven by the daemon's loop, so tests run
/// it without waiting.
public struct JournalMaintenance: Sendable {
    /// The fault currently raised, if any.
    public private(set) var raised: JournalFault?
    private var lastPrune: Timestamp?
    private let pruneEvery: Int64 = 3_600_000

    public init() {}

    /// Checks free space and retention once; appends `journal.fault` when space runs low and
    /// `journal.fault.cleared` when it recovers.
    public mutating func step(_ journal: Journal, now: Timestamp, logger: Logger) async throws(JournalError) {
        let status = try journal.status()
        let fault = status.faults.first
        if let fault, raised == nil {
            logger.warning("journal low on disk space", metadata: ["fault": "\(fault)", "freeBytes": "\(status.freeBytes)"])
            try await journal.append(fault)
        } else if fault == nil, let cleared = raised {
            logger.notice("journal disk space recovered", metadata: ["freeBytes": "\(status.freeBytes)"])
            try await journal.append(JournalFaultClearedBody(code: cleared.code, freeBytes: status.freeBytes))
        }
        raised = fault
        if lastPrune.map({ now.millisecondsSinceEpoch - $0.millisecondsSinceEpoch >= pruneEvery }) ?? true {
            let pruned = try journal.prune(now: now)
            if pruned > 0 { logger.info("pruned acknowledged records past retention", metadata: ["count": "\(pruned)"]) }
            lastPrune = now
        }
    }
}
