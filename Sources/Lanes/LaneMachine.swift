import LaneModel

/// A kind of lane's cycle (cargo or people). The `Lane` facade keeps the shared context up to
/// date and clamps time before it hands an input to its machine.
protocol LaneMachine: Sendable {
    var phase: LanePhase { get }
    /// The crossing in progress or awaiting its vehicle, person or officer.
    var assembly: CrossingAssembly? { get }
    var outcome: CrossingOutcome? { get }
    var nextDeadline: Timestamp? { get }
    /// Fires the deadlines due at `now` (collect timeout, passing timeout).
    mutating func fireDeadlines(at now: Timestamp, context: inout LaneContext) -> [LaneAction]
    /// Handles one input; `context` already reflects it (loops, faults, clock, reference).
    mutating func handle(_ input: LaneInput, at now: Timestamp, context: inout LaneContext) -> [LaneAction]
}
