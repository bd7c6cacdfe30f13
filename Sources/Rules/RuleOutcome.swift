import LaneModel

/// How one rule came out for one crossing.
public enum RuleOutcome: String, RecordValue, Hashable, CaseIterable {
    case pass
    case fail
    /// The evidence the rule needs never arrived (or the reference data lacks what it needs).
    case missing
}
