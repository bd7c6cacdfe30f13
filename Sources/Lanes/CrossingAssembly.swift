import LaneModel
import Rules

/// One open crossing as a lane assembles it: the evidence collected so far, the journal records
/// it came from, and when it started and last learnt something.
struct CrossingAssembly: Sendable {
    /// The most weight readings one crossing keeps: a scale streams several a second, and a
    /// stuck lane must not grow without bound. The oldest unsettled readings go first.
    static let weightLimit = 1_000

    let id: String
    let startedAt: Timestamp
    /// When the crossing is evaluated with whatever it has, if it is not complete before.
    let deadline: Timestamp
    private(set) var evidence = CrossingEvidence()
    private(set) var readings: [ReadingReference] = []
    private(set) var lastEvidenceAt: Timestamp?

    init(id: String, startedAt: Timestamp, deadline: Timestamp) {
        self.id = id
        self.startedAt = startedAt
        self.deadline = deadline
    }

    /// Adds one reading, arrived at `time`, and the record it came from.
    mutating func add(_ observation: LaneObservation, reference: ReadingReference?, at time: Timestamp) {
        switch observation {
        case .plate(let read): evidence.plates.append(read)
        case .weight(let reading):
            if evidence.weights.count >= Self.weightLimit {
                evidence.weights.remove(at: evidence.weights.firstIndex { !$0.stable } ?? 0)
            }
            evidence.weights.append(reading)
        case .container(let read): evidence.containers.append(read)
        case .scan(let result): evidence.scans.append(result)
        case .code(let read): evidence.codes.append(read)
        case .document(let read): evidence.documents.append(read)
        case .chip(let read): evidence.chips.append(read)
        case .face(let match): evidence.faces.append(match)
        case .fingerprint(let match): evidence.fingerprints.append(match)
        }
        if let reference, !readings.contains(reference) { readings.append(reference) }
        lastEvidenceAt = time
    }

    /// Records a device fault reported at `time` while the crossing was open.
    mutating func add(_ fault: DeviceFault, at time: Timestamp) {
        evidence.faults.append(fault)
        lastEvidenceAt = time
    }

    /// True when `observation` repeats something this crossing already has (a camera sending the
    /// same plate twice): such a late repeat belongs to this vehicle, never to the next one.
    func alreadyHas(_ observation: LaneObservation) -> Bool {
        switch observation {
        case .plate(let read): evidence.plates.contains { $0.normalized == read.normalized }
        case .container(let read): evidence.containers.contains { $0.code == read.code }
        case .scan(let result): evidence.scans.contains { $0.scanId == result.scanId }
        case .code(let read): evidence.codes.contains { $0.text == read.text }
        case .document(let read): evidence.documents.contains { $0.number == read.number && $0.issuer == read.issuer }
        // The same chip presented again (its DG1 names the same document), or a second failed attempt.
        case .chip(let read): evidence.chips.contains { $0.document?.number == read.document?.number && $0.document?.issuer == read.document?.issuer }
        case .face(let match): match.subject != nil && evidence.faces.contains { $0.subject == match.subject }
        case .fingerprint(let match): match.subject != nil && evidence.fingerprints.contains { $0.subject == match.subject }
        case .weight: false
        }
    }

    /// What officers see of the crossing: plate, weight, containers (cargo) or document and subject (people).
    func subject(for kind: LaneKind) -> JSONValue {
        switch kind {
        case .cargo:
            let plate = evidence.plates.max { ($0.confidence ?? 0) < ($1.confidence ?? 0) }
            let weight = evidence.weights.last { $0.stable && $0.weightKg != nil }?.weightKg
            var containers: [String] = []
            for read in evidence.containers where !containers.contains(read.code) { containers.append(read.code) }
            return ["plate": plate.map { .string($0.normalized) } ?? .null, "weightKg": weight.map(JSONValue.number) ?? .null,
                    "containers": .array(containers.map(JSONValue.string))]
        case .people:
            let document = evidence.documents.last
            let subject = (evidence.faces + evidence.fingerprints).last { $0.subject != nil }?.subject
            return ["document": document.map { .string($0.number) } ?? .null,
                    "nationality": document.map { .string($0.nationality) } ?? .null,
                    "subject": subject.map(JSONValue.string) ?? .null]
        }
    }

    /// How many readings of each kind the crossing holds, for `lane status`.
    var counts: JSONValue {
        ["plates": .number(Double(evidence.plates.count)), "weights": .number(Double(evidence.weights.count)),
         "containers": .number(Double(evidence.containers.count)), "scans": .number(Double(evidence.scans.count)),
         "codes": .number(Double(evidence.codes.count)), "documents": .number(Double(evidence.documents.count)),
         "faces": .number(Double(evidence.faces.count)), "fingerprints": .number(Double(evidence.fingerprints.count)),
         "faults": .number(Double(evidence.faults.count))]
    }
}
