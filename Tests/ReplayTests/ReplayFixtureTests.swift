import Agent
import Foundation
import LaneModel
import LaneAgentTesting
import Testing

/// Recorded event files replayed through the production lanes and rules print the decisions
/// and actuations a person would expect of each situation.
@Suite("Replay of recorded event files")
struct ReplayFixtureTests {
    /// The fixtures' rule pack as decisions must name it: its SHA-256 computed by `sha256sum`, not by our code.
    static func expectedPack() async throws -> JSONValue {
        let digest = try await CommandRunner.run("/usr/bin/env", ["sha256sum", ReplayFixture.rulesPath])
        #expect(digest.status == 0)
        return ["name": "replay-fixtures", "version": "2026.11.23", "sha256": .string(String(digest.stdout.prefix(64)))]
    }

    @Test("each fixture prints its expected decisions and actuations, in order; every decision names the rule pack and lists each rule evaluated with outcome and detail",
          arguments: ReplayFixture.names.map(ReplayFixture.init))
    func fixture(_ fixture: ReplayFixture) async throws {
        let run = try fixture.replay()
        let expected = try fixture.expected
        #expect(run.lines.count == expected.count,
                "\(fixture.name) printed:\n\(run.lines.map(ReplayFixture.text).joined(separator: "\n"))")
        for (index, (line, wanted)) in zip(run.lines, expected).enumerated() {
            let reduced = ReplayFixture.reduced(line, like: wanted)
            #expect(reduced == wanted, "\(fixture.name) output line \(index + 1):\n got  \(ReplayFixture.text(line))\n want \(ReplayFixture.text(wanted))")
        }
        #expect(run.problems == fixture.expectedProblems)
        #expect(run.counts.badLines == fixture.expectedProblems.count)

        let pack = try await Self.expectedPack()
        let decisions = run.lines.filter { $0["type"] == "decision" }
        #expect(!decisions.isEmpty)
        for decision in decisions {
            #expect(decision["rulePack"] == pack, "\(ReplayFixture.text(decision))")
            let reasons = decision["reasons"]?.arrayValue ?? []
            #expect(reasons.count >= 5, "\(ReplayFixture.text(decision))")
            for reason in reasons {
                let detail = reason["detail"]?.stringValue ?? ""
                #expect(["pass", "fail", "missing"].contains(reason["outcome"]?.stringValue ?? "") && !detail.isEmpty, "\(ReplayFixture.text(reason))")
            }
            if decision["decision"] == "CLEAR" {
                #expect(reasons.allSatisfy { $0["outcome"] == "pass" }, "CLEAR with a rule not passed: \(ReplayFixture.text(decision))")
            }
        }
    }

    @Test("--rules replaces every lane's pack: a pack with a 1% tolerance holds the clean truck's 24,150 kg against 24,000 declared")
    func rulesOverride() throws {
        let folder = TemporaryDirectory("replay-rules")
        let strict = try String(contentsOfFile: ReplayFixture.rulesPath, encoding: .utf8)
            .replacingOccurrences(of: "name = \"replay-fixtures\"", with: "name = \"strict\"")
            .replacingOccurrences(of: "weight_tolerance_percent = 5.0", with: "weight_tolerance_percent = 0.1")
        try strict.write(toFile: folder.file("strict.toml"), atomically: true, encoding: .utf8)
        let run = try ReplayFixture(name: "clean-truck").replay(rules: folder.file("strict.toml"))
        let decision = try #require(run.lines.first { $0["type"] == "decision" })
        #expect(decision["decision"] == "HOLD" && decision["rulePack"]?["name"] == "strict")
        #expect(decision["reasons"]?.arrayValue?.contains { $0["rule"] == "weight.declared" && $0["outcome"] == "fail" } == true)
    }

    @Test("without reference data the clean truck is not CLEAR: nothing to match it against")
    func noReference() throws {
        let run = try ReplayFixture(name: "clean-truck").replay(reference: nil)
        let decision = try #require(run.lines.first { $0["type"] == "decision" })
        #expect(decision["decision"] != "CLEAR")
        #expect(!run.lines.contains { $0["action"] == "barrier.open" })
    }
}
