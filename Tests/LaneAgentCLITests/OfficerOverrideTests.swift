import Agent
import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// Officers' overrides against a running `laneagent run`: each officer is enrolled with
/// `laneagent officer enrol`, published in signed reference data, and must prove who they are
/// through `laneagent lane override`, as an attacker holding the control socket would have to.
@Suite("Officer accountability: overrides need the officer's PIN or key", .timeLimit(.minutes(3)))
struct OfficerOverrideTests {
    /// A daemon with people lane P1 waiting for an officer on its first crossing.
    final class WaitingLane: Sendable {
        let rules = TemporaryDirectory("rules")
        let folder = TemporaryDirectory("officers")
        let officers: TestOfficers
        let agent: TestAgent
        let daemon: ChildProcess
        let crossing: String

        init(_ enrolments: [TestOfficers.Enrolment]?) async throws {
            officers = try await TestOfficers.publish(enrolments, in: folder)
            agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)) + officers.config)
            daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
            for line in ["device gateway listening", "lane control API listening", "reference data updated"] {
                guard await daemon.waitForOutput(line) else {
                    daemon.signal(SIGTERM)
                    throw TestOfficersError("the daemon did not log '\(line)':\n\(daemon.stdout)\n\(daemon.stderr)")
                }
            }
            let line = daemon.stdout.split(separator: "\n").first { $0.contains("device gateway listening") } ?? ""
            let port = try #require(line.firstMatch(of: /port=(\d+)/).flatMap { Int($0.1) })
            let posted = try await CLI.run("diag", "simulate", "face", "--target", "http://127.0.0.1:\(port)/devices/face-1/events",
                                           "--event", "face-fail", "--picture-kb", "0")
            #expect(posted.status == 0, "\(posted.stderr)")
            #expect(await daemon.waitForOutput("decision committed", seconds: 20), "\(daemon.stdout)")
            crossing = try #require(try await Self.lane(agent)["crossing"]?.stringValue)
        }

        /// P1's status as `lane status --json` gives it.
        static func lane(_ agent: TestAgent) async throws -> JSONValue {
            let status = try await CLI.run("lane", "status", "--config", agent.configPath, "--json")
            return try #require(try JSONParser.parse(Array(status.stdout.utf8))["lanes"]?.arrayValue?.first, "\(status.stderr)")
        }

        /// `lane override` of the waiting crossing by `officer`, with `pin` on standard input.
        func override(_ officer: String, pin: String, decision: String = "CLEAR") async throws -> CommandRunner.Output {
            try await CommandRunner.laneagent(["lane", "override", "--config", agent.configPath, "--lane", "P1", "--crossing", crossing, "--decision", decision,
                                               "--officer", officer, "--reason", "checked by hand", "--pin-stdin"],
                                              input: pin + "\n")
        }

        /// Stops the daemon; its journal, once it has exited.
        func stop() async throws -> [Record] {
            daemon.signal(SIGTERM)
            #expect(await daemon.wait() == 0, "\(daemon.stderr)")
            return try agent.records()
        }
    }

    @Test("the right PIN overrides and the record says pin; a wrong PIN and an unknown officer are refused, recorded without the PIN, and change nothing")
    func pinChecked() async throws {
        let lane = try await WaitingLane([.init("BL-0042", pin: "48151623")])
        let wrong = try await lane.override("BL-0042", pin: "11112222")
        #expect(wrong.status == 1 && wrong.stderr.contains("wrong PIN for officer BL-0042") && wrong.stderr.contains("LA-LANE-006"), "\(wrong.stderr)")
        let unknown = try await lane.override("XX-0001", pin: "48151623")
        #expect(unknown.status == 1 && unknown.stderr.contains("officer XX-0001 is not listed in the reference data"), "\(unknown.stderr)")
        let still = try await WaitingLane.lane(lane.agent)
        #expect(still["phase"] == "waiting-for-officer" && still["crossing"]?.stringValue == lane.crossing, "\(still)")

        let right = try await lane.override("BL-0042", pin: "48151623")
        #expect(right.status == 0 && right.stdout.contains("authenticated by pin"), "\(right.stderr)")
        let records = try await lane.stop()

        let refused = records.filter { $0.kind == "override.refused" }
        #expect(refused.map { $0.body["reason"]?.stringValue } == ["wrong-pin", "unknown-officer"], "\(refused.map(\.body))")
        #expect(refused.map { $0.body["officer"]?.stringValue } == ["BL-0042", "XX-0001"])
        #expect(refused.allSatisfy { $0.lane == "P1" && $0.body["crossing"]?.stringValue == lane.crossing && $0.body["method"] == "pin" })
        #expect(refused.first?.body["failures"]?.integerValue == 1)
        let override = try #require(records.first { $0.kind == "crossing.override" })
        #expect(override.body["officer"] == "BL-0042" && override.body["authenticated"] == "pin", "\(override.body)")
        // Nothing moved for the refused attempts: the only release follows the accepted override.
        let releases = records.filter { $0.kind == "lane.actuation" && $0.body["action"] == "turnstile.release" }
        #expect(releases.count == 1 && releases.allSatisfy { $0.seq > override.seq })
        // No PIN, right or wrong, is in the journal or the daemon's log.
        let text = records.map { String(decoding: CanonicalJSON.encode($0.body), as: UTF8.self) }.joined() + lane.daemon.stdout + lane.daemon.stderr
        #expect(!text.contains("48151623") && !text.contains("11112222"))
    }

    @Test("after 5 wrong PINs the officer is locked out: the right PIN is refused too, the lockout is recorded once, another officer can still override")
    func lockout() async throws {
        let lane = try await WaitingLane([.init("BL-0042", pin: "48151623"), .init("BL-0043", pin: "42424242")])
        var answers: [CommandRunner.Output] = []
        for attempt in 1...6 { answers.append(try await lane.override("BL-0042", pin: "0000000\(attempt)")) }
        #expect(answers.prefix(4).allSatisfy { $0.stderr.contains("LA-LANE-006") && !$0.stderr.contains("locked out") }, "\(answers.map(\.stderr))")
        #expect(answers[4].stderr.contains("wrong PIN") && answers[4].stderr.contains("officer BL-0042 is locked out until"), "\(answers[4].stderr)")
        #expect(answers[5].status == 1 && answers[5].stderr.contains("LA-LANE-007") && answers[5].stderr.contains("after 5 failed attempts in 10 minutes"),
                "\(answers[5].stderr)")
        let right = try await lane.override("BL-0042", pin: "48151623")
        #expect(right.status == 1 && right.stderr.contains("LA-LANE-007"), "the right PIN during the lockout: \(right.stderr)")
        #expect(try await WaitingLane.lane(lane.agent)["phase"] == "waiting-for-officer")

        let other = try await lane.override("BL-0043", pin: "42424242", decision: "HOLD")
        #expect(other.status == 0, "\(other.stderr)")
        let records = try await lane.stop()
        #expect(records.filter { $0.kind == "override.refused" }.count == 5, "the attempts during the lockout are not recorded one by one")
        let lockouts = records.filter { $0.kind == "override.lockout" }
        #expect(lockouts.count == 1 && lockouts.first?.body["scope"] == "officer" && lockouts.first?.body["officer"] == "BL-0042", "\(lockouts.map(\.body))")
        #expect(lockouts.first?.body["failures"]?.integerValue == 5 && lockouts.first?.body["until"]?.stringValue != nil)
        let overrides = records.filter { $0.kind == "crossing.override" }
        #expect(overrides.map { $0.body["officer"]?.stringValue } == ["BL-0043"])
    }

    @Test("an override signed with the officer's key is authenticated by key; one signed by another key is refused")
    func keySigned() async throws {
        let lane = try await WaitingLane([.init("BL-0042", pin: "48151623", withKey: true)])
        let stranger = lane.folder.file("stranger.key")
        try TestKeys.other.pemRepresentation.write(toFile: stranger, atomically: true, encoding: .utf8)
        chmod(stranger, 0o600)
        func signed(_ key: String) async throws -> CommandRunner.Output {
            try await CLI.run("lane", "override", "--config", lane.agent.configPath, "--lane", "P1", "--crossing", lane.crossing,
                              "--decision", "CLEAR", "--officer", "BL-0042", "--reason", "papers checked", "--officer-key", key)
        }
        let forged = try await signed(stranger)
        #expect(forged.status == 1 && forged.stderr.contains("not officer BL-0042's key"), "\(forged.stderr)")
        let genuine = try await signed(try #require(lane.officers.keys["BL-0042"]))
        #expect(genuine.status == 0 && genuine.stdout.contains("authenticated by key"), "\(genuine.stderr)")
        let records = try await lane.stop()
        #expect(records.first { $0.kind == "override.refused" }?.body["reason"] == "bad-signature")
        #expect(records.first { $0.kind == "crossing.override" }?.body["authenticated"] == "key")
    }

    @Test("a signed override sent again with the same signature is refused as replayed-signature; moved to another crossing it is a bad signature; the lane moves once")
    func replayedSignature() async throws {
        let lane = try await WaitingLane([.init("BL-0042", pin: "48151623", withKey: true)])
        let key = try DeviceKey.load(from: try #require(lane.officers.keys["BL-0042"]))
        let request = OverrideRequest(lane: "P1", crossing: lane.crossing, decision: .clear, officer: "BL-0042", reason: "papers checked")
        let signature = OverrideSignature.sign(request, key: key)
        func body(crossing: String) -> [UInt8] {
            CanonicalJSON.encode(["crossing": .string(crossing), "decision": "CLEAR", "officer": "BL-0042", "reason": "papers checked",
                                  "signature": signature.jsonValue])
        }
        let socket = lane.agent.config.paths.stateDirectory + "/control.sock"
        func send(_ body: [UInt8]) async -> RawControlSocket.Answer {
            await RawControlSocket.exchange(socket, RawControlSocket.request("POST", "/v1/lanes/P1/override", body: body))
        }

        let first = await send(body(crossing: lane.crossing))
        #expect(first.status == 200 && first.body?["authenticated"] == "key", "\(first)")
        // The same bytes again, as whoever read them off the socket or a log would send them.
        let replayed = await send(body(crossing: lane.crossing))
        #expect(replayed.status == 403 && replayed.body?["code"] == "LA-LANE-006", "\(replayed)")
        #expect(replayed.body?["reason"]?.stringValue?.contains("already used") == true, "\(replayed)")
        let moved = await send(body(crossing: "P1-another-crossing"))
        #expect(moved.status == 403 && moved.body?["reason"]?.stringValue?.contains("not officer BL-0042's key") == true, "\(moved)")

        let records = try await lane.stop()
        let refused = records.filter { $0.kind == "override.refused" }
        #expect(refused.map { $0.body["reason"]?.stringValue } == ["replayed-signature", "bad-signature"], "\(refused.map(\.body))")
        #expect(refused.allSatisfy { $0.body["method"] == "key" && $0.body["officer"] == "BL-0042" })
        let overrides = records.filter { $0.kind == "crossing.override" }
        #expect(overrides.count == 1 && overrides.first?.body["authenticated"] == "key", "\(overrides.map(\.body))")
        #expect(records.filter { $0.kind == "lane.actuation" && $0.body["action"] == "turnstile.release" }.count == 1)
    }

    @Test("reference data without officers: every override is refused, telling the installer to enrol and publish officers")
    func noOfficersListed() async throws {
        let lane = try await WaitingLane(nil)
        let refused = try await lane.override("BL-0042", pin: "48151623")
        #expect(refused.status == 1 && refused.stderr.contains("lists no officers") && refused.stderr.contains("laneagent officer enrol"), "\(refused.stderr)")
        let records = try await lane.stop()
        #expect(records.first { $0.kind == "override.refused" }?.body["reason"] == "no-officers")
        #expect(!records.contains { $0.kind == "crossing.override" })
    }

    @Test("officer enrol prints an entry the daemon's check accepts for that PIN only; an unusable PIN is refused with exit 2")
    func enrol() async throws {
        let made = try await CommandRunner.laneagent(["officer", "enrol", "--id", "HN-0417", "--pin-stdin", "--iterations", "100000"], input: "2468013579\n")
        #expect(made.status == 0, "\(made.stderr)")
        let officer = try Officer(json: try JSONParser.parse(Array(made.stdout.utf8)), index: 0)
        #expect(officer.id == "HN-0417" && officer.iterations == 100_000 && officer.salt.count == 16 && officer.publicKey == nil)
        #expect(PINHash.matches("2468013579", officer))
        #expect(!PINHash.matches("2468013578", officer))
        #expect(!made.stdout.contains("2468013579"))

        let again = try await CommandRunner.laneagent(["officer", "enrol", "--id", "HN-0417", "--pin-stdin", "--iterations", "100000"], input: "2468013579\n")
        #expect(try Officer(json: try JSONParser.parse(Array(again.stdout.utf8)), index: 0).salt != officer.salt, "a fresh salt each time")

        let short = try await CommandRunner.laneagent(["officer", "enrol", "--id", "HN-0417", "--pin-stdin"], input: "123\n")
        #expect(short.status == 2 && short.stderr.contains("LA-OFFICER-004") && short.stderr.contains("6 to 64 characters"), "\(short.stderr)")
        let cheap = try await CommandRunner.laneagent(["officer", "enrol", "--id", "HN-0417", "--pin-stdin", "--iterations", "1000"], input: "2468013579\n")
        #expect(cheap.status == 2 && cheap.stderr.contains("--iterations"), "\(cheap.stderr)")
        let empty = try await CommandRunner.laneagent(["officer", "enrol", "--id", "HN-0417", "--pin-stdin"], input: "")
        #expect(empty.status == 2 && empty.stderr.contains("LA-OFFICER-002"), "\(empty.stderr)")
    }
}
