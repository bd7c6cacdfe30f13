import LaneModel

/// Evaluates a crossing's evidence against a rule pack and the reference data: pure and
/// synchronous, so the lane, replay and tests run exactly the same code.
public struct RuleEngine: Sendable {
    public let pack: RulePack

    public init(pack: RulePack) { self.pack = pack }

    /// The required evidence `evidence` still lacks for a crossing of `kind`; empty when complete.
    /// A plate counts once a read reaches `plate_min_confidence` and a weight once it is stable,
    /// so the lane keeps collecting a moment longer rather than deciding on a poor read. With
    /// `reference`, containers count once as many codes were read as the matched vehicle carries.
    public func missingEvidence(_ kind: LaneKind, _ evidence: CrossingEvidence, reference: ReferenceData? = nil) -> [EvidenceKind] {
        missingEvidence(kind, evidence, vehicles: reference.map(VehicleIndex.init))
    }

    /// The same, with the reference data's vehicles already indexed (what a lane keeps).
    public func missingEvidence(_ kind: LaneKind, _ evidence: CrossingEvidence, vehicles: VehicleIndex?) -> [EvidenceKind] {
        let required = pack.requiredEvidence(for: kind)
        return EvidenceKind.allCases.filter { required.contains($0) && !isComplete($0, kind, evidence, vehicles: vehicles) }
    }

    /// Every applicable rule's outcome and the decision: CLEAR only when every rule evaluated
    /// passed; otherwise the most severe of the failed rules' `[outcomes]` entries, and REFER for
    /// rules that lacked evidence.
    public func evaluate(_ kind: LaneKind, _ evidence: CrossingEvidence, context: RuleContext) -> Verdict {
        let evaluation = RuleEvaluation(kind: kind, evidence: evidence, context: context, pack: pack)
        let reasons = evaluation.applicableRules.map(evaluation.result)
        return Verdict(decision: decision(for: reasons), reasons: reasons, expectedVehicle: evaluation.expected?.vehicle,
                       repeatKey: evaluation.repeatKey)
    }

    /// The decision `reasons` lead to under this pack: a failed rule takes its `[outcomes]` entry
    /// (at least REFER); a rule that lacks its evidence is REFER, since an officer can often
    /// supply what a device did not (an unknown plate has no declared weight to hold it on).
    public func decision(for reasons: [RuleResult]) -> Decision {
        reasons.map { reason -> Decision in
            switch reason.outcome {
            case .pass: .clear
            case .missing: .refer
            case .fail: max(pack.outcome(for: reason.rule), .refer)
            }
        }.max() ?? .clear
    }

    private func isComplete(_ evidenceKind: EvidenceKind, _ kind: LaneKind, _ evidence: CrossingEvidence, vehicles: VehicleIndex?) -> Bool {
        switch evidenceKind {
        case .plate:
            return evidence.plates.contains { ($0.confidence ?? -1) >= pack.thresholds.plateMinConfidence }
        case .weight:
            return evidence.weights.contains { $0.stable && $0.status == .ok && $0.weightKg != nil }
        case .container:
            guard !evidence.containers.isEmpty else { return false }
            guard let vehicles, let vehicle = ExpectedVehicleMatch.find(reads: evidence.plates, in: vehicles)?.vehicle else { return true }
            return Set(evidence.containers.map(\.code)).count >= vehicle.containers.count
        case .scan:
            return !evidence.scans.isEmpty
        case .declaration:
            return !evidence.codes.isEmpty
        case .document:
            // On a people lane a border pass QR stands in for the document (judged by the rules).
            return !evidence.documents.isEmpty || (kind == .people && !evidence.codes.isEmpty)
        case .face:
            return !evidence.faces.isEmpty
        case .fingerprint:
            return !evidence.fingerprints.isEmpty
        case .chip:
            return !evidence.chips.isEmpty
        }
    }
}
