import LaneModel
import Lanes
import Synchronization

/// Something a lane did, once it is in the journal (decisions, overrides) or on the wire
/// (actuations): what the demo's live view and tests follow.
public enum LaneActivity: Sendable {
    case decision(CrossingDecision, seq: Int)
    case override(CrossingOverride, seq: Int)
    case actuation(lane: String, Actuation, crossing: String?, ok: Bool)
}

/// Fans lane activity out to every follower; a follower that stops reading is dropped from
/// the stream's buffer (newest kept), never blocking a lane.
public final class LaneActivityFeed: Sendable {
    private let followers = Mutex<[Int: AsyncStream<LaneActivity>.Continuation]>([:])
    private let nextID = Atomic<Int>(0)

    public init() {}

    /// A stream of everything from now on.
    public func follow() -> AsyncStream<LaneActivity> {
        let id = nextID.add(1, ordering: .relaxed).newValue
        let (stream, continuation) = AsyncStream.makeStream(of: LaneActivity.self, bufferingPolicy: .bufferingNewest(4096))
        continuation.onTermination = { [weak self] _ in _ = self?.followers.withLock { $0.removeValue(forKey: id) } }
        followers.withLock { $0[id] = continuation }
        return stream
    }

    func publish(_ activity: LaneActivity) {
        let current = followers.withLock { Array($0.values) }
        for follower in current { follower.yield(activity) }
    }
}
