import LaneModel
import Synchronization
import Uplink

/// Follows the daemon's uploader step by step (`UplinkService`'s `onStep`).
public final class UplinkMonitor: Sendable {
    private let activity = Mutex(UplinkActivity())
    private let route = Mutex<ReceiverRoute?>(nil)

    public init() {}

    /// Reports `route`'s receiver in use from now on.
    public func follow(_ route: ReceiverRoute) {
        self.route.withLock { $0 = route }
    }

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

    /// The totals so far, and the receiver in use now.
    public var snapshot: UplinkActivity {
        var snapshot = activity.withLock { $0 }
        if let route = route.withLock({ $0 }) {
            snapshot.receiver = route.inUse
            snapshot.receivers = route.urls
            snapshot.receiverSwitches = route.switches
        }
        return snapshot
    }
}
