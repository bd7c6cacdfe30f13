import LaneModel

/// A lane's status as lines for a terminal: the state, then the recent decisions and their
/// failed rules.
enum LaneStatusText {
    static func lines(_ lane: JSONValue) -> [String] {
        let id = lane["lane"]?.stringValue ?? "?"
        let kind = lane["kind"]?.stringValue ?? ""
        let phase = lane["phase"]?.stringValue ?? "?"
        var lines = ["lane \(id) (\(kind)): \(phase)" + (lane["crossing"]?.stringValue.map { ", crossing \($0)" } ?? "")]
        for decision in (lane["recentDecisions"]?.arrayValue ?? []).suffix(5).reversed() {
            let crossing = decision["crossing"]?.stringValue ?? "?"
            let verdict = decision["decision"]?.stringValue ?? "?"
            lines.append("  \(crossing)  \(verdict)")
            for reason in decision["reasons"]?.arrayValue ?? [] where reason["outcome"]?.stringValue != "pass" {
                lines.append("      \(reason["rule"]?.stringValue ?? "?") \(reason["outcome"]?.stringValue ?? "?"): \(reason["detail"]?.stringValue ?? "")")
            }
        }
        return lines
    }
}
