import LaneModel
import Synchronization
import Uplink

/// Follows the daemon's uploader step by step (`UplinkService`'s `onStep`).
public final class UplinkMonitor: Sendable {
    private let activity = Mutex(UplinkActivity())

    public init() {}

    /// One upload attempt's outcome and the uploader's totals after it.
    public func record(_ step: Uploader.Step, _ progress: Uploader.Progress, at time: Timestamp = .now()) {
        activity.withLock { activity in
            activity.batches = progress.batches
            activity.records = progress.sent
            activity.bytes = progress.bytes
            switch step {
            case .acknowledged:
                activity.lastAcceptedAt = time
                activity.lastProblem = nil
            case .wait(_, let problem):
                activity.retries += 1
                activity.lastProblem = problem
            case .fault(let fault):
                activity.faults += 1
                activity.lastProblem = "\(fault.code): \(fault.message)"
            case .resend, .idle:
                break
            }
        }
    }

    /// The totals so far.
    public var snapshot: UplinkActivity { activity.withLock { $0 } }
}
