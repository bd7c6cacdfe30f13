/// What one reading says, typed by kind. Each case's `members` are the record body's fields.
public enum ReadingDetail: RecordObject, Hashable {
    case plate(PlateRead)
    case code(CodeRead)
    case document(DocumentRead)
    case chip(ChipRead)
    case container(ContainerRead)
    case scan(ScanResult)
    case face(BiometricMatch)
    case fingerprint(BiometricMatch)

    public var kind: ReadingKind {
        switch self {
        case .plate: .plate
        case .code: .code
        case .document: .document
        case .chip: .chip
        case .container: .container
        case .scan: .scan
        case .face: .face
        case .fingerprint: .fingerprint
        }
    }

    /// The kind's own record body fields.
    public var members: [String: JSONValue] {
        var members = RecordMembers()
        write(to: &members)
        return members.values
    }

    public func write(to members: inout RecordMembers) {
        switch self {
        case .plate(let read): read.write(to: &members)
        case .code(let read): read.write(to: &members)
        case .document(let read): read.write(to: &members)
        case .chip(let read): read.write(to: &members)
        case .container(let read): read.write(to: &members)
        case .scan(let result): result.write(to: &members)
        case .face(let match), .fingerprint(let match): match.write(to: &members)
        }
    }

    /// True when the reading identifies a person (documents, biometrics): its raw input is
    /// never logged or quoted in a fault.
    public var isPersonal: Bool {
        switch self {
        case .document, .chip, .face, .fingerprint: true
        case .plate, .code, .container, .scan: false
        }
    }
}
