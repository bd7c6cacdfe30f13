import HTTPServing
import Journal
import LaneModel

/// The technician's lane status page at `/` of the admin server: readiness, each lane with its
/// last crossings and their reasons, the devices and their health, the journal and the uplink.
/// Plain HTML rendered on the board, inline CSS, no scripts and no external assets (a board on a
/// closed network has none to fetch); it reloads itself, and its layout folds to one column on
/// a phone.
public struct StatusPage: Sendable {
    /// Seconds between the page's reloads.
    public static let refreshSeconds = 5
    /// Decisions listed per lane, newest first.
    public static let crossingsShown = 8

    public let snapshot: DaemonSnapshot

    public init(_ snapshot: DaemonSnapshot) { self.snapshot = snapshot }

    /// The whole document.
    public var html: String {
        let readiness = ReadinessReport(snapshot)
        let title = "\(snapshot.device) · LaneAgent"
        return """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <meta http-equiv="refresh" content="\(Self.refreshSeconds)">
        <title>\(title.htmlEscaped)</title>
        <style>\(Self.style)</style></head>
        <body>
        <header><h1>\(snapshot.device.htmlEscaped) <small>\(snapshot.site.htmlEscaped)</small></h1>
        <p class="meta">LaneAgent \(snapshot.version.htmlEscaped) · \(snapshot.time.rfc3339.htmlEscaped) · reloads every \(Self.refreshSeconds) s</p>
        \(readinessBanner(readiness))</header>
        <main>
        <section><h2>Lanes</h2>\(snapshot.lanes.isEmpty ? "<p class=\"muted\">No [[lanes]] configured: this board only records readings.</p>" : snapshot.lanes.map(lane).joined())</section>
        <section><h2>Devices</h2>\(devices)</section>
        <div class="grid"><section><h2>Journal</h2>\(journal)</section><section><h2>Uplink</h2>\(uplink)</section></div>
        </main>
        <footer><a href="/metrics">/metrics</a> · <a href="/healthz">/healthz</a> · <a href="/readyz">/readyz</a></footer>
        </body></html>

        """
    }

    private func readinessBanner(_ readiness: ReadinessReport) -> String {
        let items = readiness.checks.map { check in
            "<li class=\"\(check.ok ? "ok" : "bad")\"><b>\(check.name.htmlEscaped)</b> \(check.ok ? "ok" : "FAIL"): \(check.detail.htmlEscaped)</li>"
        }.joined()
        return "<div class=\"banner \(readiness.ready ? "ok" : "bad")\"><strong>\(readiness.ready ? "READY" : "NOT READY")</strong><ul>\(items)</ul></div>"
    }

    private func lane(_ lane: LaneSnapshot) -> String {
        let status = lane.status
        let phase = status["phase"]?.stringValue ?? "unknown"
        var facts: [(String, String)] = [
            ("phase", "<span class=\"pill\(phase == "waiting-for-officer" ? " warn" : "")\">\(phase.htmlEscaped)</span>"),
            ("loop", lane.running ? "running" : "<span class=\"pill bad\">not running</span>"),
        ]
        if let crossing = status["crossing"]?.stringValue {
            var text = crossing.htmlEscaped
            if let missing = status["current"]?["missing"]?.arrayValue?.compactMap(\.stringValue), !missing.isEmpty {
                text += " · waiting for " + missing.joined(separator: ", ").htmlEscaped
            }
            facts.append(("crossing", text))
        }
        let loops = (status["loops"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key.htmlEscaped) \($0.value == .bool(true) ? "occupied" : "clear")" }
        if !loops.isEmpty { facts.append(("loops", loops.joined(separator: ", "))) }
        let outputs = (status["outputs"]?.objectValue ?? [:]).sorted { $0.key < $1.key }
            .map { "\($0.key.htmlEscaped) \(($0.value.stringValue ?? "?").htmlEscaped)" }
        if !outputs.isEmpty { facts.append(("outputs", outputs.joined(separator: ", "))) }
        facts.append(("clock", status["clockSynced"] == .bool(true) ? "synchronised" : "<span class=\"pill bad\">not synchronised</span>"))
        if let reference = status["reference"], reference != .null {
            facts.append(("reference", "version \(reference["version"]?.integerValue.map(String.init) ?? "?") issued \((reference["issuedAt"]?.stringValue ?? "?").htmlEscaped)"))
        } else {
            facts.append(("reference", "<span class=\"pill bad\">none held</span>"))
        }
        if let pack = status["rulePack"] {
            facts.append(("rules", "\((pack["name"]?.stringValue ?? "?").htmlEscaped) \((pack["version"]?.stringValue ?? "").htmlEscaped)"))
        }
        let counts = Decision.allCases.map { "\($0.rawValue) \(snapshot.crossings.decisions[lane.id]?[$0] ?? 0)" }.joined(separator: " · ")
        facts.append(("since start", counts))
        let overrides = snapshot.crossings.overrides[lane.id] ?? [:]
        if !overrides.isEmpty {
            facts.append(("overrides", Decision.allCases.compactMap { decision in overrides[decision].map { "\(decision.rawValue) \($0)" } }.joined(separator: " · ")))
        }
        let faults = (status["activeFaults"]?.arrayValue ?? []).map { fault in
            "<li>\((fault["device"]?.stringValue ?? "?").htmlEscaped) since \((fault["since"]?.stringValue ?? "?").htmlEscaped): \((fault["reason"]?.stringValue ?? "").htmlEscaped)</li>"
        }
        let decisions = (status["recentDecisions"]?.arrayValue ?? []).suffix(Self.crossingsShown).reversed().map(crossing)
        return """
        <article class="card"><h3>Lane \(lane.id.htmlEscaped) <small>\((status["kind"]?.stringValue ?? "").htmlEscaped)</small></h3>
        <dl>\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined())</dl>
        \(faults.isEmpty ? "" : "<div class=\"faults\"><b>Active faults (the lane refers until they clear)</b><ul>\(faults.joined())</ul></div>")
        <h4>Last crossings</h4>
        \(decisions.isEmpty ? "<p class=\"muted\">No decision since the daemon started.</p>" : "<ol class=\"crossings\">\(decisions.joined())</ol>")
        </article>
        """
    }

    private func crossing(_ decision: JSONValue) -> String {
        let verdict = decision["decision"]?.stringValue ?? "?"
        // Not `flatMap { … ? nil : $0 }`: JSONValue takes a `nil` literal as its own null.
        var override: JSONValue?
        if let value = decision["override"], value != .null { override = value }
        var headline = "<span class=\"decision \(verdict.lowercased().htmlEscaped)\">\(verdict.htmlEscaped)</span> "
            + "<code>\((decision["crossing"]?.stringValue ?? "?").htmlEscaped)</code> "
            + "<span class=\"muted\">\(Self.clock(decision["decidedAt"]?.stringValue))</span>"
        // Cargo subjects (plate, weight, containers) help find the truck; a people lane's
        // document numbers and biometric subjects stay off a page anyone on the board can open.
        let subject = decision["subject"]
        if let plate = subject?["plate"]?.stringValue { headline += " · plate \(plate.htmlEscaped)" }
        if let weight = subject?["weightKg"]?.numberValue { headline += " · \(Int(weight)) kg" }
        if let containers = subject?["containers"]?.arrayValue?.compactMap(\.stringValue), !containers.isEmpty {
            headline += " · " + containers.joined(separator: ", ").htmlEscaped
        }
        if let override {
            headline += """
                <br><span class=\"decision \
                \((override["decision"]?.stringValue ?? "").lowercased().htmlEscaped)\">\((override["decision"]?.stringValue ?? "?").htmlEscaped)</span> by \
                officer \((override["officer"]?.stringValue ?? "?").htmlEscaped): \((override["reason"]?.stringValue ?? "").htmlEscaped)
                """
        }
        let reasons = (decision["reasons"]?.arrayValue ?? []).filter { $0["outcome"]?.stringValue != "pass" }.map { reason in
            "<li><b>\((reason["rule"]?.stringValue ?? "?").htmlEscaped)</b> \((reason["outcome"]?.stringValue ?? "?").htmlEscaped): \((reason["detail"]?.stringValue ?? "").htmlEscaped)</li>"
        }
        return "<li>\(headline)\(reasons.isEmpty ? "" : "<ul class=\"reasons\">\(reasons.joined())</ul>")</li>"
    }

    private var devices: String {
        guard !snapshot.devices.isEmpty else { return "<p class=\"muted\">No [[devices]] configured.</p>" }
        let rows = snapshot.devices.map { device -> String in
            let state: String = switch device.connected {
            case .some(true): "<span class=\"pill ok\">connected</span>"
            case .some(false): "<span class=\"pill bad\">fault</span>"
            case .none: device.lastReadingAt == nil ? "<span class=\"pill\">no report yet</span>" : "<span class=\"pill ok\">posting</span>"
            }
            let age = device.lastReadingAge(at: snapshot.time).map(Self.age) ?? "never"
            var problem = ""
            if let error = device.lastError {
                problem = """
                    <div class=\"\(device.faultSince == nil ? "muted" : "bad")\">last error\(device.faultSince.map { " (fault since \($0.rfc3339))" } ?? ""): \
                    \(error.htmlEscaped)</div>
                    """
            }
            return """
            <article class="device"><h3>\(device.device.htmlEscaped) \(state)</h3>\
            <p>\(device.frames) frames · \(device.frameErrors) errors · \(device.reconnects) reconnects · last reading \(age)</p>\
            <p class="muted">\(device.kind.htmlEscaped), \(device.driver.htmlEscaped)\(device.lane.map { ", lane \($0.htmlEscaped)" } ?? ""); \(device.location.htmlEscaped)</p>\(problem)</article>
            """
        }
        return "<div class=\"devices\">\(rows.joined())</div>"
    }

    private var journal: String {
        switch snapshot.journal {
        case .failure(let error):
            return "<p class=\"bad\">The journal's status cannot be read: \(error.description.htmlEscaped)</p>"
        case .success(let status):
            let faults = status.faults.map { "<li>\($0.description.htmlEscaped)</li>" }.joined()
            return """
            <dl><dt>last seq</dt><dd>\(status.lastSeq)</dd><dt>acked through</dt><dd>\(status.ackedThrough)</dd>\
            <dt>pending</dt><dd>\(status.pending)</dd><dt>first kept</dt><dd>\(status.firstSeq)</dd>\
            <dt>file</dt><dd>\(Self.megabytes(status.fileBytes))</dd>\
            <dt>disk free</dt><dd>\(Self.megabytes(status.freeBytes)) (minimum \(Self.megabytes(snapshot.minFreeBytes)))</dd></dl>
            \(faults.isEmpty ? "" : "<ul class=\"faults\">\(faults)</ul>")
            """
        }
    }

    private var uplink: String {
        guard let uplink = snapshot.uplink else { return "<p class=\"muted\">No [uplink] configured: records stay on the board.</p>" }
        var facts: [(String, String)] = [
            ("backlog", snapshot.oldestPendingAt == nil ? "none" : "oldest pending record waits \(Self.age(snapshot.backlogAgeSeconds))"),
            ("accepted", "\(uplink.batches) batches, \(uplink.records) records, \(Self.megabytes(Int64(uplink.bytes))) since start"),
            ("failed attempts", "\(uplink.retries) retried, \(uplink.faults) faults"),
        ]
        if let receiver = uplink.receiver {
            let place = uplink.receivers.count > 1 ? " (\((uplink.receivers.firstIndex(of: receiver) ?? 0) + 1) of \(uplink.receivers.count) in [uplink] urls)" : ""
            facts.append(("receiver", receiver.htmlEscaped + place))
        }
        let lastAccepted = uplink.lastAcceptedAt ?? snapshot.uplinkState?.lastAcceptedAt
        facts.append(("last accepted",
                      lastAccepted.map { """
                          \($0.rfc3339) (\(Self.age(Double(snapshot.time.millisecondsSinceEpoch - $0.millisecondsSinceEpoch) / 1000)))
                          """ } ?? "never"))
        if let fault = snapshot.uplinkState?.fault {
            facts.append(("open fault", "<span class=\"pill bad\">\(fault.code.htmlEscaped)</span> \(fault.message.htmlEscaped)"))
        } else if let problem = uplink.lastProblem {
            facts.append(("last problem", problem.htmlEscaped))
        }
        return "<dl>\(facts.map { "<dt>\($0.0)</dt><dd>\($0.1)</dd>" }.joined())</dl>"
    }

    /// `12 s ago`, `4 min ago`, `3 h ago`, `2 d ago`.
    static func age(_ seconds: Double) -> String {
        let whole = Int(seconds.rounded(.down))
        return switch whole {
        case ..<60: "\(whole) s ago"
        case ..<3600: "\(whole / 60) min ago"
        case ..<86_400: "\(whole / 3600) h ago"
        default: "\(whole / 86_400) d ago"
        }
    }

    /// The time of day of an RFC 3339 stamp (its date is today's on a page that reloads).
    static func clock(_ rfc3339: String?) -> String {
        guard let rfc3339, let t = rfc3339.firstIndex(of: "T") else { return (rfc3339 ?? "").htmlEscaped }
        return String(rfc3339[rfc3339.index(after: t)...].prefix(8)).htmlEscaped + " UTC"
    }

    static func megabytes(_ bytes: Int64) -> String {
        bytes < 0 ? "unknown" : bytes < 10 * 1_048_576 ? "\(bytes / 1024) KB" : "\(bytes / 1_048_576) MB"
    }

    static let style = """
    *{box-sizing:border-box}body{margin:0;padding:12px;font:15px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;\
    color:#1b1f24;background:#f3f4f6;max-width:1100px;margin:auto}h1{font-size:1.35rem;margin:.2rem 0}h1 small,h3 small{font-weight:normal;color:#57606a}\
    h2{font-size:1.1rem;margin:1.2rem 0 .5rem}h3{margin:0 0 .5rem;font-size:1.05rem}h4{margin:.8rem 0 .3rem;font-size:.95rem}\
    .meta,.muted{color:#57606a;font-size:.85rem}.card,.grid>section{background:#fff;border:1px solid #d0d7de;border-radius:8px}\
    .card{padding:12px;margin-bottom:12px}.devices{display:grid;grid-template-columns:repeat(auto-fit,minmax(260px,1fr));gap:8px}\
    .device{background:#fff;border:1px solid #d0d7de;border-radius:8px;padding:8px 12px}.device h3{margin:0}.device p{margin:.2rem 0}\
    .grid{margin-top:12px;display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:12px}\
    .grid>section{padding:0 12px 8px}.grid h2{margin-top:.6rem}dl{display:grid;grid-template-columns:max-content 1fr;gap:2px 12px;margin:0}\
    dt{color:#57606a}dd{margin:0;overflow-wrap:anywhere}.banner{border-radius:8px;padding:8px 12px;margin:8px 0}.banner ul{margin:4px 0 0;padding-left:18px}\
    .banner.ok{background:#dafbe1;border:1px solid #4ac26b}.banner.bad{background:#ffebe9;border:1px solid #ff8182}li.bad{color:#a40e26}\
    .pill{display:inline-block;padding:0 8px;border-radius:10px;background:#eaeef2;font-size:.85rem}.pill.ok{background:#dafbe1}.pill.bad{background:#ffcecb}.pill.warn{background:#fff1c2}\
    .decision{display:inline-block;min-width:4.2em;text-align:center;font-weight:700;border-radius:4px;padding:0 4px;color:#fff;background:#57606a}\
    .decision.clear{background:#1a7f37}.decision.refer{background:#9a6700}.decision.hold{background:#cf222e}\
    ol.crossings{list-style:none;padding:0;margin:0}ol.crossings>li{padding:6px 0;border-top:1px solid #eaeef2;overflow-wrap:anywhere}\
    ul.reasons{margin:2px 0 0;padding-left:18px;font-size:.88rem}.faults{background:#ffebe9;border-radius:6px;padding:6px 10px;margin-top:8px}\
    .faults ul{margin:2px 0;padding-left:18px}code{font-size:.85rem}.bad{color:#a40e26}footer{margin:16px 0;font-size:.85rem;color:#57606a}
    """
}
