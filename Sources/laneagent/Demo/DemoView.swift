import Agent
import Foundation
import Journal
import LaneModel

/// What the demo shows while it runs: on a terminal a panel redrawn in place (lanes, the
/// crossing in progress, the last decision and its reasons, journal backlog, uplink state);
/// otherwise one plain line per thing that happened.
struct DemoView: Sendable {
    let checkpoint: DemoCheckpoint
    let ledger: DemoLedger
    let live: Bool

    /// Runs until cancelled.
    func run() async {
        var printed = 0
        var decisionsShown = 0
        while !Task.isCancelled {
            let log = await ledger.log
            let decisions = await ledger.decisions
            if live {
                draw(log: log, decisions: decisions)
            } else {
                for line in log[printed...] { print("  \(line)") }
                for entry in decisions[decisionsShown...] { print(Self.decisionLine(entry)) }
                printed = log.count
                decisionsShown = decisions.count
            }
            try? await Task.sleep(for: .milliseconds(live ? 250 : 100))
        }
        if !live {
            let log = await ledger.log
            let decisions = await ledger.decisions
            for line in log[printed...] { print("  \(line)") }
            for entry in decisions[decisionsShown...] { print(Self.decisionLine(entry)) }
        }
    }

    static func decisionLine(_ entry: DemoLedger.Entry) -> String {
        let decision = entry.decision
        var line = "\(decision.lane) \(decision.crossing) \(decision.decision.rawValue) (seq \(entry.seq))"
        let failed = decision.reasons.filter { $0.outcome != .pass }
        if !failed.isEmpty { line += ": " + failed.map { "\($0.rule.rawValue) \($0.outcome.rawValue): \($0.detail)" }.joined(separator: "; ") }
        return line
    }

    private func draw(log: [String], decisions: [DemoLedger.Entry]) {
        var lines = ["\u{1B}[H\u{1B}[J" + "LaneAgent demo: simulated checkpoint \(DemoSite.site), board \(DemoSite.device)", ""]
        for lane in checkpoint.lanes.hub.runners.map(\.status) {
            let id = lane["lane"]?.stringValue ?? "?"
            lines.append("lane \(id) (\(lane["kind"]?.stringValue ?? "")): \(lane["phase"]?.stringValue ?? "?")"
                         + (lane["crossing"]?.stringValue.map { "  crossing \($0)" } ?? ""))
            if let last = decisions.last(where: { $0.decision.lane == id }) {
                lines.append("  last: \(last.decision.crossing) \(last.decision.decision.rawValue)")
                for reason in last.decision.reasons where reason.outcome != .pass {
                    lines.append("    \(reason.rule.rawValue) \(reason.outcome.rawValue): \(reason.detail)")
                }
            }
        }
        if let position = try? checkpoint.journal.position() {
            lines.append("")
            lines.append("journal: last seq \(position.lastSeq), acknowledged through \(position.ackedThrough), backlog \(position.lastSeq - position.ackedThrough)")
        }
        lines.append("uplink: central \(checkpoint.receiverUp ? "reachable" : "UNREACHABLE (link down)")")
        lines.append("")
        lines += log.suffix(8).map { "  \($0)" }
        FileHandle.standardOutput.write(Data((lines.joined(separator: "\n") + "\n").utf8))
    }
}
