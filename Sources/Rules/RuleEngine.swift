import LaneModel

/// Evaluates a crossing's evidence against a rule pack and the reference data: pure and
/// synchronous, so the lane, replay and tests run exactly the same code.
public struct RuleEngine: Sendable {
    public let pack: RulePack

    public init(pack: RulePack) { self.pack = pack }

    /// The required evidence `evidence` still lacks for a crossing of `kind`; empty when complete.
    public func missingEvidence(_ kind: LaneKind, _ evidence: CrossingEvidence) -> [EvidenceKind] {
        // Implemented by the rules work (issue 7).
        []
    }

    /// Every applicable rule's outcome and the decision: CLEAR only when every rule passed.
    public func evaluate(_ kind: LaneKind, _ evidence: CrossingEvidence, context: RuleContext) -> Verdict {
        // Implemented by the rules work (issue 7).
        Verdict(decision: .refer, reasons: [])
    }
}
