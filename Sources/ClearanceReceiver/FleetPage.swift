import HTTPServing
import LaneModel

/// The operations centre's page at `GET /fleet`: every board that has uploaded, those needing
/// attention first (upload stale, clock not synchronised, faults open). Plain HTML with inline
/// CSS and no scripts; it reloads itself. Everything a board sent is escaped.
public struct FleetPage: Sendable {
    /// Seconds between the page's reloads.
    public static let refreshSeconds = 30
    /// A board silent for longer than this is marked stale (a board with a backlog retries within a minute).
    public static let staleSeconds: Int64 = 300

    public let summaries: [DeviceSummary]
    public let instance: String
    public let now: Timestamp

    public init(_ summaries: [DeviceSummary], instance: String, now: Timestamp) {
        self.summaries = summaries
        self.instance = instance
        self.now = now
    }

    /// Why `summary` needs a person's look; empty when it does not.
    public func attention(_ summary: DeviceSummary) -> [String] {
        var reasons: [String] = []
        if ageSeconds(summary.lastUploadAt) > Self.staleSeconds { reasons.append("no upload for \(Self.age(ageSeconds(summary.lastUploadAt)))") }
        if summary.clock == .unsynced { reasons.append("clock not synchronised") }
        let faults = summary.openFaults.count + summary.untrackedFaults
        if faults > 0 { reasons.append(faults == 1 ? "1 open fault" : "\(faults) open faults") }
        return reasons
    }

    /// The whole document.
    public var html: String {
        let ordered = summaries.map { ($0, attention($0)) }.sorted { ($0.1.isEmpty ? 1 : 0, $0.0.device) < ($1.1.isEmpty ? 1 : 0, $1.0.device) }
        let needing = ordered.filter { !$0.1.isEmpty }.count
        let boards = ordered.isEmpty ? "<p class=\"muted\">No board has uploaded to this receiver's store yet.</p>" : ordered.map(board).joined()
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="\(Self.refreshSeconds)">
        <title>Fleet · clearance receiver</title>
        <style>\(Self.style)</style></head>
        <body>
        <header><h1>Fleet</h1>
        <p class="meta">receiver \(instance.htmlEscaped) · \(now.rfc3339) · \(summaries.count) boards, \(needing) needing attention · reloads every \(Self.refreshSeconds) s</p>
        </header>
        <main>\(boards)</main>
        <footer><a href="/v1/fleet">/v1/fleet</a> · <a href="/metrics">/metrics</a></footer>
        </body></html>

        """
    }

    private func board(_ summary: DeviceSummary, _ reasons: [String]) -> String {
        let id = "board-" + String(summary.device.unicodeScalars.map { Self.isIdentifierScalar($0) ? Character($0) : "_" })
        let flag = reasons.isEmpty ? "<span class=\"pill ok\">ok</span>"
            : reasons.map { "<span class=\"pill bad\">\($0.htmlEscaped)</span>" }.joined(separator: " ")
        let stale = ageSeconds(summary.lastUploadAt) > Self.staleSeconds
        var rows: [(String, String)] = [
            ("last upload", "<span class=\"\(stale ? "bad" : "")\">\(Self.age(ageSeconds(summary.lastUploadAt))) ago</span>"
                + " (\(summary.lastUploadAt.rfc3339), by \(summary.instance.htmlEscaped))"),
            ("held through", "seq \(summary.acceptedThrough)"),
            ("backlog", summary.backlog.map { "\($0) records" } ?? "<span class=\"muted\">not reported</span>"),
            ("clock", summary.clock.map { $0 == .synced ? "synchronised" : "<span class=\"bad\">not synchronised</span>" } ?? "<span class=\"muted\">unknown</span>"),
        ]
        if let last = summary.lastRecordAt { rows.append(("newest record", last.rfc3339)) }
        let faults = summary.openFaults.map { fault in
            "<li><b>\(fault.kind.htmlEscaped)</b> \(fault.code.htmlEscaped)\(fault.subject.map { " (" + $0.htmlEscaped + ")" } ?? "") since \(fault.since.rfc3339)"
                + "\(fault.repeats > 0 ? " ×\(fault.repeats + 1)" : ""): \(fault.message.htmlEscaped)</li>"
        }.joined() + (summary.untrackedFaults > 0 ? "<li>\(summary.untrackedFaults) more raised while the list was full</li>" : "")
        rows.append(("open faults", faults.isEmpty ? "none" : "<ul class=\"faults\">\(faults)</ul>"))
        let facts = rows.map { "<tr><th>\($0.0)</th><td>\($0.1)</td></tr>" }.joined()
        return """
        <section class="board\(reasons.isEmpty ? "" : " attention")" id="\(id)"><h2>\(summary.device.htmlEscaped) \(flag)</h2>
        <table class="facts">\(facts)</table>\(lanes(summary.lanes))</section>

        """
    }

    private func lanes(_ lanes: [FleetLane]) -> String {
        guard !lanes.isEmpty else { return "<p class=\"muted\">No lane decisions received.</p>" }
        let rows = lanes.map { lane in
            let recent = lane.recent.map { decision in
                var text = "<span class=\"d \(decision.decision.rawValue.lowercased())\">\(decision.decision.rawValue)</span>"
                if let overridden = decision.overriddenTo { text += "→\(overridden.rawValue)" }
                text += " " + (decision.plate ?? decision.crossing ?? "").htmlEscaped
                return "<li>\(text) <small>\(decision.time.rfc3339)</small></li>"
            }.joined()
            let counts = Decision.allCases.map { "<td>\(lane.decisions[$0, default: 0])</td>" }.joined()
            return "<tr><th>\(lane.lane.htmlEscaped)</th>\(counts)<td>\(lane.overrides)</td><td>\(lane.refusedOverrides)</td><td><ul>\(recent)</ul></td></tr>"
        }.joined()
        let heads = Decision.allCases.map { "<th>\($0.rawValue)</th>" }.joined()
        return "<table class=\"lanes\"><tr><th>lane</th>\(heads)<th>overrides</th><th>refused</th><th>last decisions</th></tr>\(rows)</table>"
    }

    private func ageSeconds(_ time: Timestamp) -> Int64 {
        let (difference, overflow) = now.millisecondsSinceEpoch.subtractingReportingOverflow(time.millisecondsSinceEpoch)
        return overflow ? Int64.max / 1000 : difference / 1000
    }

    /// Letters, digits, `-`, `_` and `.` stay in an element id; anything else a board named itself becomes `_`.
    static func isIdentifierScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "-" || scalar == "_" || scalar == ".")
    }

    /// `42 s`, `7 min`, `3 h`, `2 d`.
    static func age(_ seconds: Int64) -> String {
        switch seconds {
        case ..<120: "\(max(0, seconds)) s"
        case ..<7200: "\(seconds / 60) min"
        case ..<172_800: "\(seconds / 3600) h"
        default: "\(seconds / 86400) d"
        }
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#222;background:#f6f6f4}header,main,footer{padding:0 1rem}\
        h1{margin:.6rem 0 0}.meta,.muted{color:#666}.board{background:#fff;border:1px solid #ddd;border-left:6px solid #3a3;margin:.8rem 0;padding:.4rem .8rem}\
        .board.attention{border-left-color:#c22}h2{font-size:1.1rem;margin:.3rem 0}.pill{border-radius:.6rem;padding:0 .5rem;font-size:.8rem;color:#fff}\
        .pill.ok{background:#3a3}.pill.bad{background:#c22}.bad{color:#c22;font-weight:600}table{border-collapse:collapse;margin:.3rem 0}\
        th,td{text-align:left;padding:.15rem .5rem;vertical-align:top}.lanes td,.lanes th{border-top:1px solid #eee}ul{margin:0;padding-left:1rem}\
        .d{font-weight:600}.d.clear{color:#282}.d.refer{color:#a60}.d.hold{color:#c22}
        """
}
