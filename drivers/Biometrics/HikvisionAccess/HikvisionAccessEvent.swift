/// A Hikvision access-control event (major type, sub-event) decided: a face or fingerprint
/// verification (passed or failed, and which factors the terminal checked), another event the
/// lane takes no evidence from, or a code not in the vendor's table. The table is the SDK's
/// `MAJOR_EVENT` sub-event list (`docs/protocols.md`, "Hikvision access-control events"; the
/// driver README lists every code and what LaneAgent does with it).
public enum HikvisionAccessEvent: Sendable, Hashable {
    /// A verification that checked a face, a fingerprint or both. `live` is false when the
    /// terminal's own liveness check refused the face (sub-event 104, "human detect fail").
    case verification(face: Bool, fingerprint: Bool, passed: Bool, live: Bool?)
    /// A card, password, QR, door, alarm or device event: not a face or fingerprint.
    case other
    /// A major type or sub-event not in the table.
    case unknown

    /// The major type of events (as opposed to alarms, exceptions and operations).
    public static let majorEvent = 5
    /// Major types the SDK defines: alarm, exception, operation, event.
    static let majorTypes: Set<Int> = [1, 2, 3, 5]

    public init(major: Int, sub: Int) {
        guard Self.majorTypes.contains(major) else { self = .unknown; return }
        guard major == Self.majorEvent else { self = .other; return }
        if let (face, fingerprint) = Self.passedCodes[sub] {
            self = .verification(face: face, fingerprint: fingerprint, passed: true, live: nil)
        } else if let (face, fingerprint) = Self.failedCodes[sub] {
            self = .verification(face: face, fingerprint: fingerprint, passed: false, live: sub == Self.humanDetectFail ? false : nil)
        } else if Self.otherEvents.contains(sub) || Self.customEvents.contains(sub) {
            self = .other
        } else {
            self = .unknown
        }
    }

    /// 0x68: the terminal's liveness check found no live person in front of it.
    static let humanDetectFail = 104

    /// Verifications that passed, by sub-event: (face checked, fingerprint checked).
    static let passedCodes: [Int: (Bool, Bool)] = [
        38: (false, true),   // fingerprint
        40: (false, true),   // card and fingerprint
        43: (false, true),   // card, fingerprint and password
        46: (false, true),   // fingerprint and password
        54: (true, true),    // face and fingerprint
        57: (true, false),   // face and password
        60: (true, false),   // face and card
        63: (true, true),    // face, password and fingerprint
        66: (true, true),    // face, card and fingerprint
        69: (false, true),   // employee number and fingerprint
        72: (false, true),   // employee number, fingerprint and password
        75: (true, false),   // face
        77: (true, false),   // employee number and face
        105: (true, false),  // face compared with the ID card's photo
    ]

    /// Verifications that failed or timed out (a timeout is an attempt that did not pass).
    static let failedCodes: [Int: (Bool, Bool)] = [
        39: (false, true), 41: (false, true), 42: (false, true), 44: (false, true), 45: (false, true), 47: (false, true),
        48: (false, true), 49: (false, true), 70: (false, true), 71: (false, true), 73: (false, true), 74: (false, true),
        55: (true, true), 56: (true, true), 58: (true, false), 59: (true, false), 61: (true, false), 62: (true, false),
        64: (true, true), 65: (true, true), 67: (true, true), 68: (true, true),
        76: (true, false), 78: (true, false), 79: (true, false), 80: (true, false),
        104: (true, false), 112: (true, false),
        202: (false, true),  // fingerprint recognition disabled on the terminal
        203: (true, false),  // face recognition disabled on the terminal
    ]

    /// The rest of the SDK's sub-events of major type 5: cards, passwords, QR codes, iris,
    /// Bluetooth, doors, alarms and device events.
    static let otherEvents: Set<Int> = Set(1...37).union([50, 51, 52, 53, 81, 82, 83, 84, 85, 86, 87, 88, 89, 90, 91, 92, 93, 94, 95,
        96, 97, 98, 99, 100, 101, 102, 103, 113, 114, 115, 116, 117, 118, 119, 120])
        .union(130...198).union(201...218).subtracting([202, 203])
        .union([1344, 1345, 1346, 1347]).union(1536...1545).union([1792, 1793])

    /// Custom events 0x500–0x53f, which an installer defines on the terminal.
    static let customEvents: ClosedRange<Int> = 1280...1343
}
