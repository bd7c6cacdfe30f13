import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

@Suite("laneagent demo, lane status and lane override")
struct LaneCommandTests {
    @Test("the demo plays its scripted checkpoint and passes its own end-to-end check")
    func demoPasses() async throws {
        let output = try await CLI.run("demo", "--json")
        #expect(output.status == 0, "\(output.stdout)\n\(output.stderr)")
        let summary = try JSONParser.parse(Array(output.stdout.utf8))
        #expect(summary["ok"] == .bool(true))
        let crossings = summary["crossings"]?.arrayValue ?? []
        #expect(crossings.count == 16)
        // The people lane reads every passport's chip: a genuine one clears, one altered after issue is held on passive
        // authentication, a copy of a genuine chip's files on chip authentication.
        let altered = crossings.first { $0["scenario"]?.stringValue == "chip altered after issue" }
        #expect(altered?["decision"] == .string("HOLD"), "\(crossings)")
        let copied = crossings.first { $0["scenario"]?.stringValue == "copied chip" }
        #expect(copied?["decision"] == .string("HOLD"), "\(crossings)")
        #expect(crossings.allSatisfy { $0["ok"] == .bool(true) }, "\(crossings.filter { $0["ok"] != .bool(true) })")
        let decisions = Set(crossings.compactMap { $0["decision"]?.stringValue })
        #expect(decisions == ["CLEAR", "REFER", "HOLD"])
        let checks = summary["checks"]
        #expect(checks?["receiverAcceptedThrough"] == checks?["journalLastSeq"])
        #expect(checks?["recordsVerified"] == checks?["journalLastSeq"])
    }

    @Test("lane status and override name the socket when no daemon runs; override refuses REFER and unknown lanes")
    func withoutDaemon() async throws {
        let rules = TemporaryDirectory("rules")
        let agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
        let status = try await CLI.run("lane", "status", "--config", agent.configPath)
        #expect(status.status == 1)
        #expect(status.stderr.contains("LA-LANE-005") && status.stderr.contains("control.sock"), "\(status.stderr)")
        let refer = try await CLI.run("lane", "override", "--config", agent.configPath, "--lane", "P1", "--crossing", "P1-x",
                                      "--decision", "REFER", "--officer", "A1", "--reason", "r")
        #expect(refer.status == 2 && refer.stderr.contains("CLEAR or HOLD"), "\(refer.stderr)")
        let unknown = try await CLI.run("lane", "override", "--config", agent.configPath, "--lane", "Z9", "--crossing", "P1-x",
                                        "--decision", "CLEAR", "--officer", "A1", "--reason", "r")
        #expect(unknown.status == 2 && unknown.stderr.contains("no lane 'Z9'"), "\(unknown.stderr)")
    }

    @Test("a running daemon refers a failed face match, and an officer's override commits before the turnstile turns")
    func overrideThroughTheDaemon() async throws {
        let rules = TemporaryDirectory("rules")
        // The officer is enrolled in the site's signed reference data, as overrides require.
        let officers = try await TestOfficers.publish([.init("BL-0042", pin: "48151623")], in: rules)
        let agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)) + officers.config)
        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        defer { daemon.signal(SIGTERM) }
        #expect(await daemon.waitForOutput("device gateway listening"), "\(daemon.stderr)")
        #expect(await daemon.waitForOutput("lane control API listening"), "\(daemon.stdout)")
        #expect(await daemon.waitForOutput("reference data updated"), "\(daemon.stdout)")
        let line = daemon.stdout.split(separator: "\n").first { $0.contains("device gateway listening") } ?? ""
        let port = try #require(line.firstMatch(of: /port=(\d+)/).flatMap { Int($0.1) })
        let posted = try await CLI.run("diag", "simulate", "face", "--target", "http://127.0.0.1:\(port)/devices/face-1/events",
                                       "--event", "face-fail", "--picture-kb", "0")
        #expect(posted.status == 0, "\(posted.stderr)")
        // No passport follows: the collect deadline (1 s) decides with what is there.
        #expect(await daemon.waitForOutput("decision committed", seconds: 20), "\(daemon.stdout)")
        let status = try await CLI.run("lane", "status", "--config", agent.configPath, "--json")
        #expect(status.status == 0, "\(status.stderr)")
        let lane = try #require(try JSONParser.parse(Array(status.stdout.utf8))["lanes"]?.arrayValue?.first)
        let crossing = try #require(lane["crossing"]?.stringValue, "\(lane)")
        #expect(lane["phase"] == .string("waiting-for-officer"), "\(lane)")
        let text = try await CLI.run("lane", "status", "--config", agent.configPath)
        #expect(text.stdout.contains("face.match fail"), "\(text.stdout)")

        let override = try await CommandRunner.laneagent(["lane", "override", "--config", agent.configPath, "--lane", "P1", "--crossing", crossing, "--decision", "CLEAR",
                                                          "--officer", "BL-0042", "--reason",
                                                          "matched by hand against the passport", "--pin-stdin"],
                                                         input: "48151623\n")
        #expect(override.status == 0, "\(override.stderr)")
        #expect(override.stdout.contains("override committed"), "\(override.stdout)")
        let again = try await CommandRunner.laneagent(["lane", "override", "--config", agent.configPath, "--lane", "P1", "--crossing", "P1-20000101-000000", "--decision",
                                                       "HOLD", "--officer", "BL-0042", "--reason", "wrong crossing",
                                                       "--pin-stdin"], input: "48151623\n")
        #expect(again.status == 1 && again.stderr.contains("override refused"), "\(again.stderr)")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0, "\(daemon.stderr)")

        let records = try CLI.records(agent)
        let kinds = records.map(\.kind)
        let decision = try #require(records.firstIndex { $0.kind == "crossing.decision" })
        let overrideIndex = try #require(records.firstIndex { $0.kind == "crossing.override" })
        let release = try #require(records.firstIndex { $0.kind == "lane.actuation" && $0.body["action"] == "turnstile.release" }, "\(kinds)")
        #expect(decision < overrideIndex && overrideIndex < release, "\(kinds)")
        #expect(records[decision].body["decision"] == "REFER")
        #expect(records[overrideIndex].body["officer"] == "BL-0042")
        #expect(records[overrideIndex].body["authenticated"] == "pin")
        #expect(records[decision].lane == "P1")
        // The face reading the decision used is referenced by seq and hash.
        let reading = try #require(records.first { $0.kind == "reading.face" })
        let references = records[decision].body["readings"]?.arrayValue ?? []
        #expect(references.contains { $0["seq"]?.integerValue == reading.seq }, "\(references)")
        #expect(!records.contains { $0.kind == "lane.actuation" && $0.body["action"] == "turnstile.release" && $0.seq < records[overrideIndex].seq })
    }

    @Test("lane safe-state skips simulated chips and names the missing chip of a real one (no GPIO on this machine)")
    func safeStateCommand() async throws {
        let rules = TemporaryDirectory("rules")
        let simulated = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
        let skipped = try await CLI.run("lane", "safe-state", "--config", simulated.configPath)
        #expect(skipped.status == 0 && skipped.stdout.contains("lane P1: simulated chip"), "\(skipped.stdout) \(skipped.stderr)")
        guard !FileManager.default.fileExists(atPath: "/dev/gpiochip0") else { return }
        let real = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules))
                                     .replacingOccurrences(of: "chip = \"simulated\"", with: "chip = \"gpiochip0\""))
        let failed = try await CLI.run("lane", "safe-state", "--config", real.configPath, "--timeout", "0")
        #expect(failed.status == 1 && failed.stderr.contains("lane P1") && failed.stderr.contains("LA-GPIO-001"), "\(failed.stderr)")
    }
}
