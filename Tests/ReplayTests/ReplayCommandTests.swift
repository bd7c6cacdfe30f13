import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent lane replay` as a rule author runs it: decisions on standard output, bad lines on
/// standard error, and an exit status a script can act on.
@Suite("laneagent lane replay", .timeLimit(.minutes(3)))
struct ReplayCommandTests {
    static func replay(_ fixture: String, _ extra: [String] = []) async throws -> CommandRunner.Output {
        try await CommandRunner.laneagent(["lane", "replay", "--config", ReplayFixture.configPath,
                                           "--events", ReplayFixture(name: fixture).eventsPath,
                                           "--reference", ReplayFixture.referencePath] + extra)
    }

    @Test("a clean file: exit 0, nothing on standard error, the same lines as the in-process replay")
    func clean() async throws {
        let output = try await Self.replay("clean-truck")
        #expect(output.status == 0 && output.stderr.isEmpty, "\(output.stderr)")
        let lines = output.stdout.split(separator: "\n").map(String.init)
        let inProcess = try ReplayFixture(name: "clean-truck").replay().lines.map(ReplayFixture.text)
        #expect(lines == inProcess)
        #expect(lines.first?.hasPrefix(#"{"at":"2026-11-23T08:00:25.000Z","crossing":"C1-20261123-080000","decision":"CLEAR","lane":"C1","reasons":[{"#) == true)
        #expect(lines.contains(#"{"action":"barrier.open","at":"2026-11-23T08:00:25.000Z","crossing":"C1-20261123-080000","lane":"C1","type":"actuation"}"#))
        #expect(!FileManager.default.fileExists(atPath: "/nonexistent/laneagent-replay-tests"), "replay needs no state directory and writes none")
    }

    @Test("bad lines: each named FILE:LINE on standard error, the rest replayed, exit 1; --summary counts them")
    func badLines() async throws {
        let fixture = ReplayFixture(name: "bad-lines")
        let output = try await Self.replay("bad-lines", ["--summary"])
        #expect(output.status == 1)
        var problems = output.stderr.split(separator: "\n").map(String.init)
        let summary = problems.popLast() ?? ""
        #expect(problems == fixture.expectedProblems.map { $0.replacingOccurrences(of: "events.ndjson:", with: fixture.eventsPath + ":") })
        #expect(summary.hasPrefix("replay: 18 events (9 bad), 1 crossing: CLEAR 1, REFER 0, HOLD 0; 0 overrides, 4 actuations; "), "\(summary)")
        #expect(summary.hasSuffix(" events/s"), "\(summary)")
        #expect(output.stdout.split(separator: "\n").count == 5, "the good lines still make the clean truck's decision and four actuations")
    }

    @Test("usage and configuration problems exit 2 with the file and what is wrong", arguments: [
        (["--events", "/nonexistent/events.ndjson"], "/nonexistent/events.ndjson: cannot be read"),
        (["--events", "EVENTS", "--reference", "/nonexistent/reference.json"], "/nonexistent/reference.json: does not exist (LA-REPLAY-002)"),
        (["--events", "EVENTS", "--reference", "CONFIG"], "is not JSON"),
        (["--events", "EVENTS", "--rules", "/nonexistent/rules.toml"], "/nonexistent/rules.toml"),
        (["--events", "EVENTS", "--rules", "CONFIG"], "agent.toml:"),
        ([], "--events"),
    ])
    func usage(arguments: [String], message: String) async throws {
        let events = ReplayFixture(name: "clean-truck").eventsPath
        let resolved = arguments.map { $0 == "EVENTS" ? events : $0 == "CONFIG" ? ReplayFixture.configPath : $0 }
        let output = try await CommandRunner.laneagent(["lane", "replay", "--config", ReplayFixture.configPath] + resolved)
        #expect(output.status == 2, "\(output.stdout) \(output.stderr)")
        #expect(output.stderr.contains(message), "\(output.stderr)")
        #expect(output.stdout.isEmpty)
    }

    @Test("--help documents the event types and the exit status")
    func help() async throws {
        let output = try await CommandRunner.laneagent(["lane", "replay", "--help"])
        #expect(output.status == 0)
        for text in ["--events", "--reference", "--rules", "--summary", "FILE:LINE", "Exit status: 0", "1 when any line was bad", "2 for bad"] {
            #expect(output.stdout.contains(text), "\(text) missing from:\n\(output.stdout)")
        }
    }
}

/// Without `--reference`, replay decides against `[reference] file`, a copy signed by the central
/// key the configuration pins, exactly as the daemon would load it.
@Suite("laneagent lane replay with signed reference data", .timeLimit(.minutes(3)))
struct ReplaySignedReferenceTests {
    /// A configuration like the fixtures' with `[uplink] central_key` and `[reference] file`.
    static func signedSetup(_ folder: TemporaryDirectory, pinning publicKey: String? = nil) async throws -> String {
        let receiver = CommandRunner.receiverPath
        let created = try await CommandRunner.run(receiver, ["keys", "init", "--out", folder.file("central.key"), "--json"])
        #expect(created.status == 0, "\(created.stderr)")
        let keyPublic = try JSONParser.parse(Array(created.stdout.utf8))["publicKey"]?.stringValue ?? ""
        let published = try await CommandRunner.run(receiver, ["reference", "publish", "--data", folder.file("receiver"), "--key", folder.file("central.key"), "--site",
                                                               "huu-nghi", "--file", ReplayFixture.referencePath,
                                                               "--json"])
        #expect(published.status == 0, "\(published.stderr)")
        let envelope = try JSONParser.parse(Array(published.stdout.utf8))["path"]?.stringValue ?? ""
        let config = try String(contentsOfFile: ReplayFixture.configPath, encoding: .utf8)
            .replacingOccurrences(of: "rules = \"rules.toml\"", with: "rules = \"\(ReplayFixture.rulesPath)\"")
            + """

            [uplink]
            url = "http://127.0.0.1:9/"
            central_key = "\(publicKey ?? keyPublic)"

            [reference]
            file = "\(envelope)"
            """
        try config.write(toFile: folder.file("agent.toml"), atomically: true, encoding: .utf8)
        return folder.file("agent.toml")
    }

    @Test("the signed [reference] file is verified and used: the clean truck is CLEAR")
    func signedFile() async throws {
        let folder = TemporaryDirectory("replay-signed")
        let config = try await Self.signedSetup(folder)
        let output = try await CommandRunner.laneagent(["lane", "replay", "--config", config, "--events", ReplayFixture(name: "clean-truck").eventsPath])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout.hasPrefix(#"{"at":"2026-11-23T08:00:25.000Z","crossing":"C1-20261123-080000","decision":"CLEAR""#), "\(output.stdout)")
    }

    @Test("a [reference] file signed by another key is refused with exit 2, before any event is replayed")
    func wrongKey() async throws {
        let folder = TemporaryDirectory("replay-signed")
        let config = try await Self.signedSetup(folder, pinning: "A6EHv/POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg=")
        let output = try await CommandRunner.laneagent(["lane", "replay", "--config", config, "--events", ReplayFixture(name: "clean-truck").eventsPath])
        #expect(output.status == 2 && output.stdout.isEmpty)
        #expect(output.stderr.contains("LA-REF-002") && output.stderr.contains("LA-REPLAY-002"), "\(output.stderr)")
    }
}
