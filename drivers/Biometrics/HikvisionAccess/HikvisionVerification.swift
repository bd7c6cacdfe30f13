/// The access-control sub-events (major type 5, "event") that are biometric verifications,
/// from Hikvision's access-control event table. Manual: verify per firmware.
public enum HikvisionVerification: Int, Sendable, Hashable, CaseIterable {
    /// 0x26: fingerprint comparison passed.
    case fingerprintPassed = 38
    /// 0x27: fingerprint comparison failed (not matched).
    case fingerprintFailed = 39
    /// 0x4b: face authentication passed.
    case facePassed = 75
    /// 0x4c: face authentication failed.
    case faceFailed = 76

    /// The major event type these sub-events belong to.
    public static let majorEventType = 5

    public var passed: Bool { self == .fingerprintPassed || self == .facePassed }
    public var isFace: Bool { self == .facePassed || self == .faceFailed }

    /// `5/75`: the major and sub-event type, kept in the reading for tracing.
    public var vendorEvent: String { "\(Self.majorEventType)/\(rawValue)" }
}
