import LaneModel

/// How a record refers to a stored evidence file: `{"sha256","size","mediaType","role","sealed"}`.
/// The hash and size are of the bytes stored and uploaded (the sealed bytes, for sealed files).
public struct EvidenceReference: Sendable, Hashable {
    public let sha256: String
    public let size: Int
    public let mediaType: String
    public let role: String
    public let sealed: Bool

    public var jsonValue: JSONValue {
        ["sha256": .string(sha256), "size": .number(Double(size)), "mediaType": .string(mediaType), "role": .string(role), "sealed": .bool(sealed)]
    }
}
