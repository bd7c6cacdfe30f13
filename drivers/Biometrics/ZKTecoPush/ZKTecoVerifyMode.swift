/// How a person verified on a ZKTeco terminal: the `verify` field of an ATTLOG line and the
/// `verifytype` of an access-control `rtlog` line share this table (attendance push protocol,
/// verify mode appendix; `docs/protocols.md`, "ZKTeco verify modes"). Combined modes name
/// every factor the terminal checked.
public struct ZKTecoVerifyMode: Sendable, Hashable {
    /// A factor a terminal can check.
    public enum Factor: String, Sendable, Hashable, Comparable {
        case password, card
        case pin = "user ID"
        case fingerprint, face
        case fingerVein = "finger vein"
        case palm, other

        public static func < (lhs: Factor, rhs: Factor) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// The code as a number (the bit string's value for the newer form).
    public let code: Int
    /// The code as the terminal wrote it, for tracing.
    public let text: String
    /// The factors checked; empty for a code not in the table.
    public let factors: Set<Factor>
    /// True when any one factor sufficed ("fingerprint or card"): the record does not say
    /// which one was used, so it proves none of them.
    public let alternatives: Bool

    public init(code: Int) {
        self.code = code
        self.text = String(code)
        (factors, alternatives) = Self.table[code] ?? ([], false)
    }

    /// The newer 16-character bit string (`NewVFStyles`, bit 0 on the right): 1 face, 2 palm
    /// print, 3 palm vein, 4 fingerprint, 5 finger vein, 6 voice, 7 iris, 8 retina, 9 password,
    /// 10 user ID, 11 card. Read
    /// as a decimal code it would name another mode (face would be 10), so it is read by bits.
    public init?(bits text: Substring) {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes.allSatisfy({ $0 == UInt8(ascii: "0") || $0 == UInt8(ascii: "1") }) else { return nil }
        var factors: Set<Factor> = []
        let names: [Int: Factor] = [1: .face, 2: .palm, 3: .palm, 4: .fingerprint, 5: .fingerVein, 6: .other, 7: .other, 8: .other,
                                    9: .password, 10: .pin, 11: .card]
        var value = 0
        for (position, byte) in bytes.reversed().enumerated() where byte == UInt8(ascii: "1") {
            value |= 1 << position
            if let factor = names[position] { factors.insert(factor) }
        }
        self.code = value
        self.text = String(text)
        self.factors = factors
        self.alternatives = false
    }

    /// Whether the code is in the vendor's table.
    public var isKnown: Bool { !factors.isEmpty }
    /// The terminal checked a face (alone or with other factors).
    public var checkedFace: Bool { !alternatives && factors.contains(.face) }
    /// The terminal checked a fingerprint (alone or with other factors).
    public var checkedFingerprint: Bool { !alternatives && factors.contains(.fingerprint) }

    /// For notes: `face`, `card and fingerprint`, `fingerprint or card`, `verify mode 99`.
    public var description: String {
        guard isKnown else { return "verify mode \(text)" }
        return factors.sorted().map(\.rawValue).joined(separator: alternatives ? " or " : " and ")
    }

    /// ZKTeco's verify-mode codes (attendance push protocol, verify mode appendix; the same
    /// codes in the security push protocol's `verifytype`).
    static let table: [Int: (Set<Factor>, Bool)] = [
        // Automatic: the terminal took whichever the person offered, and the record does not say.
        0: ([.password, .pin, .card, .fingerprint, .face], true),
        1: ([.fingerprint], false),
        2: ([.pin], false),  // older firmware: card; neither is a face or fingerprint
        3: ([.password], false),
        4: ([.card], false),
        5: ([.fingerprint, .password], true),
        6: ([.fingerprint, .card], true),
        7: ([.card, .password], true),
        8: ([.pin, .fingerprint], false),
        9: ([.fingerprint, .password], false),
        10: ([.card, .fingerprint], false),
        11: ([.card, .password], false),
        12: ([.fingerprint, .password, .card], false),
        13: ([.pin, .fingerprint, .password], false),
        14: ([.pin, .fingerprint, .card], false),
        15: ([.face], false),
        16: ([.face, .fingerprint], false),
        17: ([.face, .password], false),
        18: ([.face, .card], false),
        19: ([.face, .fingerprint, .card], false),
        20: ([.face, .fingerprint, .password], false),
        21: ([.fingerVein], false),
        22: ([.fingerVein, .password], false),
        23: ([.fingerVein, .card], false),
        24: ([.fingerVein, .password, .card], false),
        25: ([.palm], false),
        26: ([.palm, .card], false),
        27: ([.palm, .face], false),
        28: ([.palm, .fingerprint], false),
        29: ([.palm, .fingerprint, .face], false),
        // "Other": a record that is not a verification by any of the above.
        200: ([.other], false),
    ]
}
