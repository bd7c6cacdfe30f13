import Synchronization

/// Latencies of one lane, for the lane benchmark and the metrics: from the input that completed
/// a crossing to its committed decision, and from the commit to the GPIO write. Each keeps the
/// latest `capacity` samples (16 bytes each), so a lane's memory does not grow with its traffic.
public final class LaneLatencies: Sendable {
    private let samples: Mutex<(decision: LatencyWindow, actuation: LatencyWindow)>

    public init(capacity: Int = 4096) {
        samples = Mutex((LatencyWindow(capacity: capacity), LatencyWindow(capacity: capacity)))
    }

    func recordDecision(_ duration: Duration) { samples.withLock { $0.decision.record(duration) } }
    func recordActuation(_ duration: Duration) { samples.withLock { $0.actuation.record(duration) } }

    /// Input → committed decision: the samples after the first `count` still held, oldest
    /// first, and how many were recorded in all (the `count` to pass next time).
    public func decisions(since count: Int = 0) -> (samples: [Duration], recorded: Int) {
        samples.withLock { ($0.decision.since(count), $0.decision.recorded) }
    }

    /// Committed decision → first GPIO write of its actuation, as `decisions(since:)`.
    public func actuations(since count: Int = 0) -> (samples: [Duration], recorded: Int) {
        samples.withLock { ($0.actuation.since(count), $0.actuation.recorded) }
    }
}
