import Synchronization

/// Latencies of one lane, kept for the lane benchmark: from the input that completed a crossing
/// to its committed decision, and from the commit to the GPIO write.
public final class LaneLatencies: Sendable {
    private let samples = Mutex<(decision: [Duration], actuation: [Duration])>(([], []))

    func recordDecision(_ duration: Duration) { samples.withLock { $0.decision.append(duration) } }
    func recordActuation(_ duration: Duration) { samples.withLock { $0.actuation.append(duration) } }

    /// Input → committed decision, in the order measured.
    public var decision: [Duration] { samples.withLock { $0.decision } }
    /// Committed decision → first GPIO write of its actuation.
    public var actuation: [Duration] { samples.withLock { $0.actuation } }
}
