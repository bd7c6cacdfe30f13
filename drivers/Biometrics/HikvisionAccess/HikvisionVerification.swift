/// The access-control sub-events (major type 5) the simulators send: the face and fingerprint
/// verdicts real terminals post most. The driver reads the whole table (`HikvisionAccessEvent`).
public enum HikvisionVerification: Int, Sendable, Hashable, CaseIterable {
    /// 0x26: fingerprint comparison passed.
    case fingerprintPassed = 38
    /// 0x27: fingerprint comparison failed (not matched).
    case fingerprintFailed = 39
    /// 0x4b: face authentication passed.
    case facePassed = 75
    /// 0x4c: face authentication failed.
    case faceFailed = 76
    /// 0x68: the terminal's liveness check found no live person ("human detect fail").
    case faceNotLive = 104

    /// The major event type these sub-events belong to.
    public static let majorEventType = HikvisionAccessEvent.majorEvent

    public var passed: Bool { self == .fingerprintPassed || self == .facePassed }
    public var isFace: Bool { self == .facePassed || self == .faceFailed || self == .faceNotLive }

    /// `5/75`: the major and sub-event type, kept in the reading for tracing.
    public var vendorEvent: String { "\(Self.majorEventType)/\(rawValue)" }
}
