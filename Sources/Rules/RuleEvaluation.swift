import CrossingCodes
import Foundation
import LaneModel

/// One crossing under evaluation: the evidence, the context and what is derived from them once
/// (the expected vehicle, the weight used, the repeat key), with one method per rule.
struct RuleEvaluation {
    let kind: LaneKind
    let evidence: CrossingEvidence
    let context: RuleContext
    let thresholds: RuleThresholds
    /// `[require]` for this lane kind, with fingerprint added when the pack requires it.
    let required: Set<EvidenceKind>
    /// The reference vehicle the plate matched (cargo).
    let expected: ExpectedVehicleMatch?

    init(kind: LaneKind, evidence: CrossingEvidence, context: RuleContext, pack: RulePack) {
        self.kind = kind
        self.evidence = evidence
        self.context = context
        thresholds = pack.thresholds
        required = pack.requiredEvidence(for: kind)
        expected = kind == .cargo ? context.vehicles.flatMap { ExpectedVehicleMatch.find(reads: evidence.plates, in: $0) } : nil
    }

    /// The rules this crossing is evaluated against, in the order decisions list them. A rule
    /// whose evidence the pack does not require and that was not collected is left out.
    var applicableRules: [RuleID] {
        var rules: [RuleID] = []
        switch kind {
        case .cargo:
            if applies(.plate) { rules += [.plateRead, .plateExpected] }
            if applies(.weight) { rules += [.weightStable, .weightDeclared, .weightAxleLimit] }
            // A vehicle the reference data declares with containers must show them, required or not.
            if applies(.container) || expected?.vehicle.containers.isEmpty == false { rules += [.containerCheckDigit, .containerExpected] }
            if applies(.scan) { rules.append(.scanVerdict) }
            if applies(.declaration) { rules.append(.declarationValid) }
        case .people:
            if applies(.document) { rules += [.documentMRZ, .documentExpiry] }
            if applies(.chip) { rules += [.documentChipRead, .documentChipAuthentic, .documentChipMRZMatch, .documentChipGenuine] }
            if applies(.face) {
                rules.append(.faceMatch)
                if thresholds.livenessRequired { rules.append(.faceLiveness) }
            }
            if applies(.fingerprint) { rules.append(.fingerprintMatch) }
        }
        return rules + [.watchlist, .referenceFresh, .deviceHealth, .clockSynced, .crossingRepeat]
    }

    /// The outcome of `rule` for this crossing.
    func result(_ rule: RuleID) -> RuleResult {
        let (outcome, detail): (RuleOutcome, String) = switch rule {
        case .plateRead: plateRead()
        case .plateExpected: plateExpected()
        case .weightStable: weightStable()
        case .weightDeclared: weightDeclared()
        case .weightAxleLimit: weightAxleLimit()
        case .containerCheckDigit: containerCheckDigit()
        case .containerExpected: containerExpected()
        case .scanVerdict: scanVerdict()
        case .declarationValid: declarationValid()
        case .watchlist: kind == .cargo ? plateWatchlist() : personWatchlist()
        case .referenceFresh: referenceFresh()
        case .deviceHealth: deviceHealth()
        case .clockSynced: clockSynced()
        case .documentMRZ: documentMRZ()
        case .documentExpiry: documentExpiry()
        case .documentChipRead: documentChipRead()
        case .documentChipAuthentic: documentChipAuthentic()
        case .documentChipMRZMatch: documentChipMRZMatch()
        case .documentChipGenuine: documentChipGenuine()
        case .faceMatch: faceMatch()
        case .faceLiveness: faceLiveness()
        case .fingerprintMatch: fingerprintMatch()
        case .crossingRepeat: crossingRepeat()
        }
        return RuleResult(rule: rule, outcome: outcome, detail: detail)
    }

    /// True when the pack requires `kind` of evidence or the crossing collected some.
    func applies(_ evidenceKind: EvidenceKind) -> Bool { required.contains(evidenceKind) || collected(evidenceKind) }

    /// True when at least one reading of `kind` arrived.
    func collected(_ evidenceKind: EvidenceKind) -> Bool {
        switch evidenceKind {
        case .plate: !evidence.plates.isEmpty
        case .weight: !evidence.weights.isEmpty
        case .container: !evidence.containers.isEmpty
        case .scan: !evidence.scans.isEmpty
        case .declaration: kind == .cargo && !evidence.codes.isEmpty
        // A border pass QR stands in for the document until central says how to verify one.
        case .document: !evidence.documents.isEmpty || (kind == .people && !evidence.codes.isEmpty)
        case .face: !evidence.faces.isEmpty
        case .fingerprint: !evidence.fingerprints.isEmpty
        case .chip: !evidence.chips.isEmpty
        }
    }

    /// The key `crossing.repeat` compares: the matched vehicle's plate (so O/0 misreads still
    /// count as the same truck) or the best plate read (cargo); the document number (people).
    var repeatKey: String? {
        switch kind {
        case .cargo:
            if let expected { return PlateNormalizer.normalize(expected.vehicle.plate) }
            return bestPlate?.normalized
        case .people:
            return document.map { Self.documentNumber($0.number) }
        }
    }

    /// The plate read with the highest confidence (reads without one rank last).
    var bestPlate: PlateRead? {
        evidence.plates.max { ($0.confidence ?? -1) < ($1.confidence ?? -1) }
    }

    /// The document the rules judge: the last one whose check digits verify, else the last read.
    var document: DocumentRead? {
        evidence.documents.last { $0.failedChecks.isEmpty } ?? evidence.documents.last
    }

    /// A document number as compared with watchlists and recent crossings: MRZ fillers and
    /// spaces removed, upper-cased.
    static func documentNumber(_ number: String) -> String {
        String(number.uppercased().unicodeScalars.filter { $0 != "<" && $0 != " " }.map(Character.init))
    }

    /// A score or confidence with two decimals ("0.91"), the same in every locale.
    static func fraction(_ value: Double) -> String { String(format: "%.2f", locale: nil, value) }
}
