import LaneModel

/// What became of a decided crossing: its decision, whether the journal has it, and any officer
/// override. Actuation for the crossing depends on these, never on the decision alone.
struct CrossingOutcome: Sendable {
    let decision: CrossingDecision
    /// True once the runner reported the decision record durable.
    var committed = false
    /// Why the decision record could not be committed; the lane then never opens for this crossing.
    var commitFailure: String?
    /// An override sent to the journal and not yet reported committed.
    var pendingOverride: CrossingOverride?
    /// The last committed override.
    var override: CrossingOverride?

    init(decision: CrossingDecision) { self.decision = decision }

    /// The decision in force: the last committed override's, else the lane's.
    var effective: Decision { override?.decision ?? decision.decision }
}
