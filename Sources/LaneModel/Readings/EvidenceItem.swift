/// A file a device sent with a reading (a plate picture, a scan image, a face image, a
/// fingerprint template). The agent stores it content-addressed and the record refers to it;
/// it is never inlined in a record.
public struct EvidenceItem: Sendable, Hashable {
    /// What the file shows: `plate`, `scene`, `face`, `fingerprint`, `scan`, `result`.
    public var role: String
    /// Its media type, such as `image/jpeg`.
    public var mediaType: String
    /// The bytes as the device sent them.
    public var bytes: [UInt8]
    /// True for biometric data (face images, fingerprint templates): sealed to the central key
    /// before it touches the disk, and never logged.
    public var personal: Bool

    public init(role: String, mediaType: String, bytes: [UInt8], personal: Bool) {
        self.role = role
        self.mediaType = mediaType
        self.bytes = bytes
        self.personal = personal
    }
}
