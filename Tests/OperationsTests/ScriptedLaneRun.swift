import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel

/// A `laneagent run` of a people lane P1 (a face terminal posting to the device gateway, GPIO on
/// the simulated chip) with its admin server on a port the kernel picks, played through a short
/// script a technician would recognise: two people referred to the officer, who clears the
/// first while the second still waits.
final class ScriptedLaneRun: Sendable {
    let rules: TemporaryDirectory
    let officers: TestOfficers
    let agent: TestAgent
    let daemon: ChildProcess
    let gatewayPort: Int
    let adminPort: Int

    /// Starts the daemon and waits until its gateway, control API and admin server listen.
    init(extraConfig: String = "") async throws {
        rules = TemporaryDirectory("rules")
        let pack = rules.file("people-face.toml")
        // Face alone completes a crossing, so each posted event is decided at once.
        try """
        [pack]
        name = "test-people-face"
        version = "1"
        [thresholds]
        collect_timeout_seconds = 1
        liveness_required = false
        [require]
        people = ["face"]
        """.write(toFile: pack, atomically: true, encoding: .utf8)
        // The officer is enrolled in signed reference data (issued two days ago: stale, so the
        // lane still refers everyone), with [uplink] pinning its key and pointing at a closed port.
        officers = try await TestOfficers.publish([.init("BL-0042", pin: "48151623")], in: rules)
        agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: pack) + officers.config + extraConfig)
        daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        for line in ["device gateway listening", "lane control API listening", "admin server listening", "reference data updated"] {
            guard await daemon.waitForOutput(line) else {
                daemon.signal(SIGTERM)
                throw ScriptFailure("the daemon did not log '\(line)':\n\(daemon.stdout)\n\(daemon.stderr)")
            }
        }
        gatewayPort = try Self.port(after: "device gateway listening", in: daemon.stdout)
        adminPort = try Self.port(after: "admin server listening", in: daemon.stdout)
    }

    /// The admin server's base URL.
    var admin: String { "http://127.0.0.1:\(adminPort)" }

    /// Plays the script; returns once the second person waits for the officer. The board's
    /// reference data is stale, so the lane refers everyone, as it must: the officer clears the
    /// first person with the PIN; the second still waits.
    func play() async throws {
        try await post(event: "face-pass", employee: "1001")
        try await waitFor("decision committed", count: 1)
        try await waitForPhase("waiting-for-officer")
        let status = try await laneStatus()
        guard let crossing = status["crossing"]?.stringValue else { throw ScriptFailure("no crossing waits for the officer: \(status)") }
        let override = try await CommandRunner.laneagent(["lane", "override", "--config", agent.configPath, "--lane", "P1", "--crossing", crossing, "--decision", "CLEAR",
                                                          "--officer", "BL-0042", "--reason",
                                                          "checked by hand against <the passport>", "--pin-stdin"],
                                                         input: "48151623\n")
        guard override.status == 0 else { throw ScriptFailure("lane override failed: \(override.stderr)") }
        try await waitFor("override committed", count: 1)
        // The cleared person has a collect timeout (1 s) to pass the turnstile before it closes.
        try await waitForPhase("idle")
        try await post(event: "face-fail", employee: "1002")
        try await waitFor("decision committed", count: 2)
        try await waitForPhase("waiting-for-officer")
    }

    /// SIGTERM, and the exit status.
    func stop() async -> Int32 {
        daemon.signal(SIGTERM)
        return await daemon.wait()
    }

    private func post(event: String, employee: String) async throws {
        let posted = try await CommandRunner.laneagent(["diag", "simulate", "face", "--target", "http://127.0.0.1:\(gatewayPort)/devices/face-1/events",
                                                        "--event", event, "--employee", employee, "--picture-kb", "0"])
        guard posted.status == 0 else { throw ScriptFailure("diag simulate face \(event) failed: \(posted.stderr)") }
    }

    private func waitFor(_ text: String, count: Int) async throws {
        guard await daemon.waitForOutput(text, count: count, seconds: 20) else {
            throw ScriptFailure("the daemon did not log '\(text)' \(count) time(s):\n\(daemon.stdout)")
        }
    }

    private func laneStatus() async throws -> JSONValue {
        let output = try await CommandRunner.laneagent(["lane", "status", "--config", agent.configPath, "--json"])
        guard output.status == 0, let lane = try JSONParser.parse(Array(output.stdout.utf8))["lanes"]?.arrayValue?.first else {
            throw ScriptFailure("lane status failed: \(output.stderr)")
        }
        return lane
    }

    private func waitForPhase(_ phase: String) async throws {
        let deadline = ContinuousClock.now + .seconds(20)
        var last: JSONValue = .null
        while ContinuousClock.now < deadline {
            last = try await laneStatus()
            if last["phase"]?.stringValue == phase { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ScriptFailure("lane P1 did not reach phase \(phase): \(last)")
    }

    private static func port(after message: String, in output: String) throws -> Int {
        let line = output.split(separator: "\n").first { $0.contains(message) } ?? ""
        guard let match = line.firstMatch(of: /\sport=(\d+)/), let port = Int(match.1) else { throw ScriptFailure("no port in '\(line)'") }
        return port
    }
}

/// A step of the script that did not happen, with what the daemon said.
struct ScriptFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
