import LaneModel
import Rules
import Testing

/// One row of a rule table: a clean crossing spoiled one way, and what one rule must say.
struct RuleCase: Sendable, CustomTestStringConvertible {
    let name: String
    let rule: RuleID
    /// nil when the rule must not be evaluated at all.
    let outcome: RuleOutcome?
    /// Text the detail must contain.
    var detail: String? = nil
    var pack: RulePack = RuleFixtures.samplePack
    var evidence: @Sendable (inout CrossingEvidence) -> Void = { _ in }
    var context: @Sendable (inout RuleContext) -> Void = { _ in }

    var testDescription: String { "\(rule.rawValue) \(outcome?.rawValue ?? "not evaluated"): \(name)" }

    /// Evaluates `base` spoiled by this case and checks the rule's outcome and detail.
    func check(_ kind: LaneKind, base: CrossingEvidence) {
        var evidence = base
        self.evidence(&evidence)
        var context = RuleFixtures.context()
        self.context(&context)
        let verdict = RuleEngine(pack: pack).evaluate(kind, evidence, context: context)
        let result = verdict.reasons.first { $0.rule == rule }
        guard let outcome else {
            #expect(result == nil, "\(rule.rawValue) was evaluated: \(result?.detail ?? "")")
            return
        }
        guard let result else {
            Issue.record("\(rule.rawValue) was not evaluated; reasons: \(verdict.reasons.map(\.rule.rawValue))")
            return
        }
        #expect(result.outcome == outcome, "\(result.detail)")
        if let detail { #expect(result.detail.contains(detail), "detail was: \(result.detail)") }
        if outcome != .pass { #expect(verdict.decision != .clear) }
    }
}
