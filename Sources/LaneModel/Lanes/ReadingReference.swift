/// The journal record of a reading a crossing used: its seq and the SHA-256 of its payload,
/// so central can check the decision against exactly those readings.
public struct ReadingReference: RecordObject, Hashable {
    public var seq: Int
    /// Lower-case hex SHA-256 of the reading record's payload bytes.
    public var sha256: String
    /// The record kind, such as `reading.plate` or `reading.weight`.
    public var kind: String

    public init(seq: Int, sha256: String, kind: String) {
        self.seq = seq
        self.sha256 = sha256
        self.kind = kind
    }

    public func write(to members: inout RecordMembers) {
        members.required("seq", seq)
        members.required("sha256", sha256)
        members.required("kind", kind)
    }
}
