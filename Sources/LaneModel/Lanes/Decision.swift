/// The one decision per vehicle or person, in rising severity: CLEAR lets it through, REFER
/// sends it to an officer, HOLD stops it for a violation.
public enum Decision: String, RecordValue, Hashable, CaseIterable, Comparable {
    case clear = "CLEAR"
    case refer = "REFER"
    case hold = "HOLD"

    private var severity: Int {
        switch self {
        case .clear: 0
        case .refer: 1
        case .hold: 2
        }
    }

    public static func < (lhs: Decision, rhs: Decision) -> Bool { lhs.severity < rhs.severity }
}
