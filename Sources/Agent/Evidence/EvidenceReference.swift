import LaneModel

/// How a record refers to a stored evidence file: `{"sha256","size","mediaType","role","sealed"}`.
/// The hash and size are of the bytes stored and uploaded (the sealed bytes, for sealed files).
public struct EvidenceReference: RecordObject, Hashable {
    public let sha256: String
    public let size: Int
    public let mediaType: String
    public let role: String
    public let sealed: Bool

    public init(sha256: String, size: Int, mediaType: String, role: String, sealed: Bool) {
        self.sha256 = sha256
        self.size = size
        self.mediaType = mediaType
        self.role = role
        self.sealed = sealed
    }

    public func write(to members: inout RecordMembers) {
        members.required("sha256", sha256)
        members.required("size", size)
        members.required("mediaType", mediaType)
        members.required("role", role)
        members.required("sealed", sealed)
    }
}
