import LaneModel
import Rules

/// The lane's own interlock on a CLEAR: the rule engine decides, but a CLEAR that the lane's
/// state contradicts (evidence still missing, a device fault, an unsynchronised clock, no or
/// stale reference data) or that lists a rule which did not pass is turned into the outcome the
/// pack gives those rules (at least REFER), with the reason spelled out. Fail safe, never open.
struct ClearGuard {
    private(set) var decision: Decision
    private(set) var reasons: [RuleResult]

    init(verdict: Verdict) {
        decision = verdict.decision
        reasons = verdict.reasons
    }

    mutating func check(missing: [EvidenceKind], faults: [DeviceFault], clockSynced: Bool, reference: ReferenceData?,
                        now: Timestamp, pack: RulePack) {
        for kind in missing {
            contradict(Self.rule(for: kind), .missing, "no \(kind.rawValue) reading arrived before the decision")
        }
        if !faults.isEmpty {
            let devices = Set(faults.map { "\($0.device): \($0.reason)" }).sorted().joined(separator: "; ")
            contradict(.deviceHealth, .fail, "device fault: \(devices)")
        }
        if !clockSynced { contradict(.clockSynced, .fail, "the clock is not synchronised") }
        if let reference {
            let ageSeconds = (now.millisecondsSinceEpoch - reference.issuedAt.millisecondsSinceEpoch) / 1000
            if ageSeconds > Int64(pack.thresholds.referenceMaxAgeSeconds) {
                contradict(.referenceFresh, .fail, "reference data version \(reference.version) is \(ageSeconds) s old, limit \(pack.thresholds.referenceMaxAgeSeconds) s")
            } else if let expiresAt = reference.expiresAt, expiresAt <= now {
                contradict(.referenceFresh, .fail, "reference data version \(reference.version) expired at \(expiresAt)")
            }
        } else {
            contradict(.referenceFresh, .missing, "no reference data")
        }
        let failing = reasons.filter { $0.outcome != .pass }
        if !failing.isEmpty {
            decision = failing.map { pack.outcome(for: $0.rule) }.reduce(Decision.refer) { max($0, $1) }
        }
    }

    /// Replaces a passing result for `rule` (or adds one) unless the engine already reported it not passing.
    private mutating func contradict(_ rule: RuleID, _ outcome: RuleOutcome, _ detail: String) {
        if let index = reasons.firstIndex(where: { $0.rule == rule }) {
            guard reasons[index].outcome == .pass else { return }
            reasons[index] = RuleResult(rule: rule, outcome: outcome, detail: detail)
        } else {
            reasons.append(RuleResult(rule: rule, outcome: outcome, detail: detail))
        }
    }

    /// The rule that stands for a piece of required evidence when it is missing.
    private static func rule(for kind: EvidenceKind) -> RuleID {
        switch kind {
        case .plate: .plateRead
        case .weight: .weightStable
        case .container: .containerCheckDigit
        case .scan: .scanVerdict
        case .declaration: .declarationValid
        case .document: .documentMRZ
        case .chip: .documentChipRead
        case .face: .faceMatch
        case .fingerprint: .fingerprintMatch
        }
    }
}
