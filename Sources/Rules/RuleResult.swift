import LaneModel

/// One rule's outcome for one crossing, with the evidence in words an officer can act on.
public struct RuleResult: RecordObject, Hashable {
    public var rule: RuleID
    public var outcome: RuleOutcome
    /// For example "measured 31,240 kg, declared 24,000 kg, tolerance 5%".
    public var detail: String

    public init(rule: RuleID, outcome: RuleOutcome, detail: String) {
        self.rule = rule
        self.outcome = outcome
        self.detail = detail
    }

    /// `{"rule","outcome","detail"}`, as in decision records and replay output.
    public func write(to members: inout RecordMembers) {
        members.required("rule", rule)
        members.required("outcome", outcome)
        members.required("detail", detail)
    }
}
