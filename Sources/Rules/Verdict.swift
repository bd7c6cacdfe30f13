import LaneModel

/// The rule engine's answer for one crossing: the decision and every rule evaluated.
public struct Verdict: Sendable, Equatable {
    public var decision: Decision
    public var reasons: [RuleResult]
    /// The reference vehicle the crossing was matched to (cargo), if any.
    public var expectedVehicle: ReferenceData.ExpectedVehicle?
    /// The key `crossing.repeat` uses for this crossing (normalised plate or document number).
    public var repeatKey: String?

    public init(decision: Decision, reasons: [RuleResult], expectedVehicle: ReferenceData.ExpectedVehicle? = nil, repeatKey: String? = nil) {
        self.decision = decision
        self.reasons = reasons
        self.expectedVehicle = expectedVehicle
        self.repeatKey = repeatKey
    }
}
