import LaneModel
import Lanes
import Synchronization

/// Decisions and overrides per lane since the daemon started, counted from the lanes' activity
/// feed (each is counted once it is in the journal).
public final class CrossingTally: Sendable {
    /// Counts keyed by lane, then by decision (`CLEAR`, `REFER`, `HOLD`).
    public struct Counts: Sendable, Equatable {
        public var decisions: [String: [Decision: Int]] = [:]
        public var overrides: [String: [Decision: Int]] = [:]
    }

    private let counts = Mutex(Counts())

    public init() {}

    /// Counts `activity` if it is a decision or an override.
    public func count(_ activity: LaneActivity) {
        switch activity {
        case .decision(let decision, _):
            counts.withLock { $0.decisions[decision.lane, default: [:]][decision.decision, default: 0] += 1 }
        case .override(let override, _):
            counts.withLock { $0.overrides[override.lane, default: [:]][override.decision, default: 0] += 1 }
        case .actuation:
            break
        }
    }

    /// Reads `feed` until the task is cancelled.
    func follow(_ stream: AsyncStream<LaneActivity>) async {
        for await activity in stream { count(activity) }
    }

    public var snapshot: Counts { counts.withLock { $0 } }
}
