/// `[evidence]`: where images and scanner files go and how personal ones are protected.
public struct EvidenceSettings: Sendable, Equatable {
    /// The central service's X25519 public key (32 bytes): face images and fingerprint
    /// templates are sealed to it, so this board can write them but never read them back.
    public var sealTo: [UInt8]?
    /// The evidence folder's cap; past it the oldest uploaded files go first.
    public var maxMB = 2048
}
