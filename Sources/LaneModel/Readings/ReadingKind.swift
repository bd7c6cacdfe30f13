/// What a lane device reported; each kind is journalled as a record of kind `reading.<kind>`.
public enum ReadingKind: String, Sendable, Hashable, CaseIterable {
    case plate, code, document, container, scan, face, fingerprint
    /// A travel document's chip (`reading.document.chip`).
    case chip = "document.chip"

    /// The journal record kind, such as `reading.plate`.
    public var recordKind: RecordKind {
        switch self {
        case .plate: .readingPlate
        case .code: .readingCode
        case .document: .readingDocument
        case .chip: .readingChip
        case .container: .readingContainer
        case .scan: .readingScan
        case .face: .readingFace
        case .fingerprint: .readingFingerprint
        }
    }
}
