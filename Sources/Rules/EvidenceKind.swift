/// What a crossing collects before it is evaluated; `[require]` in a rule pack lists these.
public enum EvidenceKind: String, Sendable, Hashable, CaseIterable {
    case plate, weight, container, scan, declaration
    case document, face, fingerprint
    /// A travel document's chip (`reading.document.chip`).
    case chip = "document.chip"
}
