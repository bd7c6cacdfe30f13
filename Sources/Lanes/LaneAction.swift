import LaneModel

/// What a lane asks its runner to do, in order. Actuations for a crossing come only after the
/// runner reported its decision (or override) committed.
public enum LaneAction: Sendable, Hashable {
    /// Append a `crossing.decision` record, then report `.decisionCommitted` or `.commitFailed`.
    case commitDecision(CrossingDecision)
    /// Append a `crossing.override` record, then report `.overrideCommitted`.
    case commitOverride(CrossingOverride)
    /// Drive the barrier, turnstile or lights, then record a `lane.actuation`.
    case actuate(Actuation, crossing: String?)
}
