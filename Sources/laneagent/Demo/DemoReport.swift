import Foundation
import LaneModel

/// The demo's closing summary: one row per crossing and the end-to-end checks.
struct DemoReport {
    struct Checks {
        var recordsVerified = 0
        var journalLastSeq = 0
        var receiverAcceptedThrough: Int?
        var problems: [String] = []
    }

    let outcomes: [DemoDriver.Outcome]
    let checks: Checks
    let seconds: Double

    var failures: [String] {
        var failures = checks.problems
        if checks.recordsVerified != checks.journalLastSeq || checks.recordsVerified == 0 {
            failures.append("\(checks.recordsVerified) records verified of \(checks.journalLastSeq)")
        }
        if checks.receiverAcceptedThrough != checks.journalLastSeq {
            failures.append("the receiver acknowledged through \(checks.receiverAcceptedThrough.map(String.init) ?? "nothing"), the journal ends at \(checks.journalLastSeq)")
        }
        for outcome in outcomes where !outcome.ok {
            failures.append("""
                \(outcome.scenario.title): expected \(outcome.scenario.expected.rawValue)\(outcome.scenario.failingRule.map { " (\($0))" } ?? ""), got \
                \(outcome.decision?.rawValue ?? "no decision")\(outcome.problem.map { ", \($0)" } ?? "")
                """)
        }
        return failures
    }

    var ok: Bool { failures.isEmpty }

    var table: [String] {
        func pad(_ text: String, _ width: Int) -> String { text.count >= width ? text : text + String(repeating: " ", count: width - text.count) }
        var lines = ["", pad("lane", 5) + pad("crossing", 22) + pad("scenario", 32) + pad("expected", 10) + pad("decision", 16) + "check"]
        for outcome in outcomes {
            let decision = (outcome.decision?.rawValue ?? "none") + (outcome.overriddenTo.map { "→\($0.rawValue)" } ?? "")
            lines.append(pad(outcome.scenario.lane.rawValue, 5) + pad(outcome.crossing ?? "-", 22) + pad(outcome.scenario.title, 32)
                         + pad(outcome.scenario.expected.rawValue, 10) + pad(decision, 16) + (outcome.ok ? "ok" : "FAIL"))
        }
        let expected = outcomes.filter(\.ok).count
        lines.append("")
        lines.append("records verified (signature, chain): \(checks.recordsVerified) of \(checks.journalLastSeq)")
        lines.append("receiver acknowledged through seq \(checks.receiverAcceptedThrough.map(String.init) ?? "?"), journal's last seq \(checks.journalLastSeq)")
        lines.append("expected decisions reached: \(expected) of \(outcomes.count)")
        lines.append(String(format: "%@ in %.1f s", ok ? "demo passed" : "demo FAILED", seconds))
        return lines
    }

    var json: JSONValue {
        [
            "ok": .bool(ok), "seconds": .number((seconds * 10).rounded() / 10),
            "crossings": .array(outcomes.map { outcome in
                ["lane": .string(outcome.scenario.lane.rawValue), "scenario": .string(outcome.scenario.title),
                 "crossing": outcome.crossing.map(JSONValue.string) ?? .null, "expected": .string(outcome.scenario.expected.rawValue),
                 "decision": outcome.decision.map { .string($0.rawValue) } ?? .null,
                 "override": outcome.overriddenTo.map { .string($0.rawValue) } ?? .null,
                 "failedRules": .array(outcome.failed.map(JSONValue.string)), "ok": .bool(outcome.ok)]
            }),
            "checks": ["recordsVerified": .number(Double(checks.recordsVerified)), "journalLastSeq": .number(Double(checks.journalLastSeq)),
                       "receiverAcceptedThrough": checks.receiverAcceptedThrough.map { .number(Double($0)) } ?? .null,
                       "problems": .array(checks.problems.map(JSONValue.string))],
            "failures": .array(failures.map(JSONValue.string)),
        ]
    }
}
