import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Synchronization
import Testing

/// `laneagent diag selftest` against real simulators: a simulated weighbridge indicator on a
/// pseudo-terminal and a real `clearance-receiver serve` holding published reference data. All
/// ok first; then each fault a technician meets, injected in turn, fails the right line.
@Suite("diag selftest and diag clock", .serialized, .timeLimit(.minutes(4)))
struct SelfTestTests {
    @Test("all ok against the simulators; then port missing, wrong baud, clock unsynced, receiver down and a world-readable key each fail their own line")
    func faultsInTurn() async throws {
        let bench = try await SelfTestBench()
        let all = try await bench.selftest()
        #expect(all.status == 0, "\(all.stdout)\n\(all.stderr)")
        let report = try SelfTestOutput(all)
        #expect(report.ok)
        #expect(report.labels == ["config", "key", "journal", "device scale-1", "gpio C1", "usb", "clock", "uplink", "reference"])
        #expect(report.statuses.values.allSatisfy { $0 == "ok" }, "\(all.stdout)")
        #expect(report.detail("device scale-1").contains("24,350 kg"))
        #expect(report.detail("journal").contains("chain verified"))
        #expect(report.detail("clock").contains("local − server = "))
        #expect(report.detail("clock").contains("substituted by LANEAGENT_TEST_CLOCK=synced"), "a substituted clock state is never silent")
        #expect(report.detail("reference").contains("version 1"))

        // The adapter's link is gone (unplugged, or udev never linked it).
        let missing = try await bench.selftest(config: bench.variant("missing", replacing: bench.link, with: bench.link + "-gone"))
        try expectOnlyFailure(missing, "device scale-1", containing: "does not exist")

        // The indicator sends at 9600 baud; the board reads at 1200.
        let slow = try await bench.selftest(config: bench.variant("slow", replacing: "baud = 9600", with: "baud = 1200"))
        try expectOnlyFailure(slow, "device scale-1", containing: "but no valid yaohua-xk3190 frame")
        #expect(slow.stdout.contains("check the baud rate and parity (now 1200 8N1)"))

        let unsynced = try await bench.selftest(clock: "unsynced")
        try expectOnlyFailure(unsynced, "clock", containing: "NOT synchronised")
        #expect(try SelfTestOutput(unsynced).remedy("clock")?.contains("lanes REFER") == true)

        // The key readable by others: LA-KEY-003, and the chain is then left unverified.
        chmod(bench.agent.config.paths.deviceKey, 0o644)
        let readable = try await bench.selftest()
        try expectOnlyFailure(readable, "key", containing: "LA-KEY-003", alsoWarned: ["journal"])
        chmod(bench.agent.config.paths.deviceKey, 0o600)

        await bench.stopReceiver()
        let down = try await bench.selftest()
        // Without the server there is no Date to compare the clock with: a warning, not a pass.
        try expectOnlyFailure(down, "uplink", containing: "tcp: cannot connect", alsoWarned: ["clock"])
    }

    @Test("text output: one line per check, status first, and exit 1 on a failure")
    func textLines() async throws {
        let bench = try await SelfTestBench()
        let output = try await bench.selftest(json: false, clock: "unsynced")
        #expect(output.status == 1)
        let lines = output.stdout.split(separator: "\n").map(String.init)
        #expect(lines.count == 9)
        #expect(lines.first?.hasPrefix("ok   config ") == true)
        #expect(lines.contains { $0.hasPrefix("fail clock ") && $0.contains("NOT synchronised") })
        #expect(lines.contains { $0.hasPrefix("ok   device scale-1 ") })
    }

    @Test("a real GPIO chip where the machine has none fails with LA-GPIO-001; a USB device where the kernel has no USB fails with LA-USB-001",
          .enabled(if: !FileManager.default.fileExists(atPath: "/dev/gpiochip0") && !FileManager.default.fileExists(atPath: "/sys/bus/usb")))
    func noGPIONoUSB() async throws {
        let bench = try await SelfTestBench()
        var config = try bench.variant("chip", replacing: "chip = \"simulated\"", with: "chip = \"gpiochip0\"")
        // USB keys make udev the one to link the port, at /dev/laneagent/<id> (config check insists).
        config = try bench.variant("usb", in: config, replacing: "port = \"\(bench.link)\"\nbaud = 9600",
                                   with: "port = \"/dev/laneagent/scale-1\"\nbaud = 9600\nusb_vendor = \"0403\"\nusb_product = \"6001\"")
        let output = try await bench.selftest(config: config)
        #expect(output.status == 1)
        let report = try SelfTestOutput(output)
        #expect(report.statuses["gpio C1"] == "fail")
        #expect(report.detail("gpio C1").contains("LA-GPIO-001"))
        #expect(report.remedy("gpio C1")?.contains("no /dev/gpiochip*") == true)
        #expect(report.statuses["usb scale-1"] == "fail")
        #expect(report.detail("usb scale-1").contains("0403:6001") && report.detail("usb scale-1").contains("LA-USB-001"))
        #expect(report.statuses["device scale-1"] == "fail" && report.detail("device scale-1").contains("does not exist"),
                "without the USB adapter udev links nothing")
    }

    @Test("while laneagent run holds the journal, the ports are not read (warn) and the journal is still checked")
    func agentRunning() async throws {
        let bench = try await SelfTestBench()
        let run = try ChildProcess("/usr/bin/env", ["LANEAGENT_TEST_CLOCK=synced", CommandRunner.laneagentPath, "run", "--config", bench.agent.configPath])
        defer { run.signal(SIGTERM) }
        var output = try await bench.selftest()
        let deadline = Date().addingTimeInterval(30)
        while Date() < deadline, (try? SelfTestOutput(output))?.agentRunning != true {
            try await Task.sleep(for: .milliseconds(200))
            output = try await bench.selftest()
        }
        let report = try SelfTestOutput(output)
        #expect(report.agentRunning, "\(output.stdout) \(run.stderr)")
        #expect(report.statuses["device scale-1"] == "warn")
        #expect(report.detail("device scale-1").contains("laneagent run is reading it"))
        #expect(report.statuses["journal"] == "ok" && report.detail("journal").contains("laneagent run is writing it"))
        #expect(output.status == 0, "warnings do not fail the self-test: \(output.stdout)")
        // The journal is held before the daemon handles SIGTERM: one sent in between ends it by
        // the signal's default action (exit 15). "agent started" comes once its services run.
        #expect(await run.waitForOutput("agent started"), "\(run.stdout.suffix(1500))")
        run.signal(SIGTERM)
        let status = await run.wait()
        #expect(status == 0, "laneagent run exited \(status) after SIGTERM: \(run.stderr.suffix(1500))")
    }

    @Test("diag clock prints the sync state, the errors and the skew against the server")
    func clock() async throws {
        let bench = try await SelfTestBench()
        let synced = try await bench.laneagent(clock: "synced", ["diag", "clock", "--config", bench.agent.configPath, "--json"])
        #expect(synced.status == 0, "\(synced.stderr)")
        let json = try JSONParser.parse(Array(synced.stdout.utf8))
        #expect(json["synced"] == .bool(true) && json["stateName"] == .string("TIME_OK"))
        #expect(json["substitutedBy"] == .string("LANEAGENT_TEST_CLOCK=synced"))
        guard case .number(let skew)? = json["serverSkewSeconds"] else { Issue.record("no skew: \(synced.stdout)"); return }
        #expect(abs(skew) <= 2, "the receiver runs on this machine's clock")

        let text = try await bench.laneagent(clock: "unsynced", ["diag", "clock", "--config", bench.agent.configPath])
        #expect(text.status == 1)
        #expect(text.stdout.contains("sync:            NOT synchronised (adjtimex state 5 TIME_ERROR)"))
        #expect(text.stdout.contains("estimated error: ") && text.stdout.contains("server skew:     local − server = "))

        // The kernel itself, untouched: whatever its state, the fields are there.
        let kernel = try await CommandRunner.laneagent(["diag", "clock", "--config", "/nonexistent/agent.toml", "--json"])
        let state = try JSONParser.parse(Array(kernel.stdout.utf8))
        #expect(state["substitutedBy"] == .null && state["state"] != .null && state["maxErrorMicroseconds"] != .null)
        #expect(kernel.status == (state["synced"] == .bool(true) ? 0 : 1))

        let bad = try await bench.laneagent(clock: "maybe", ["diag", "clock"])
        #expect(bad.status == 2 && bad.stderr.contains("LA-SELFTEST-001"))
    }

    /// Expects exit 1 with exactly one failing line, `label`, whose detail contains `text`;
    /// every other line ok, except those in `alsoWarned`, which warn.
    private func expectOnlyFailure(_ output: CommandRunner.Output, _ label: String, containing text: String, alsoWarned: Set<String> = [],
                                   sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(output.status == 1, "\(output.stdout)", sourceLocation: sourceLocation)
        let report = try SelfTestOutput(output)
        #expect(!report.ok, sourceLocation: sourceLocation)
        #expect(report.statuses[label] == "fail", "\(output.stdout)", sourceLocation: sourceLocation)
        #expect(report.detail(label).contains(text), "\(report.detail(label))", sourceLocation: sourceLocation)
        for (other, status) in report.statuses where other != label {
            #expect(status == (alsoWarned.contains(other) ? "warn" : "ok"), "\(other): \(report.detail(other))", sourceLocation: sourceLocation)
        }
    }
}

/// The parsed `--json` report.
struct SelfTestOutput {
    let value: JSONValue

    init(_ output: CommandRunner.Output) throws { value = try JSONParser.parse(Array(output.stdout.utf8)) }

    var ok: Bool { value["ok"] == .bool(true) }
    var agentRunning: Bool { value["agentRunning"] == .bool(true) }
    private var checks: [JSONValue] { value["checks"]?.arrayValue ?? [] }

    /// `device scale-1`, `journal`, … in order.
    var labels: [String] {
        checks.map { check in [check["check"]?.stringValue, check["subject"]?.stringValue].compactMap { $0 }.joined(separator: " ") }
    }

    var statuses: [String: String] {
        Dictionary(zip(labels, checks.map { $0["status"]?.stringValue ?? "" }), uniquingKeysWith: { first, _ in first })
    }

    private func check(_ label: String) -> JSONValue? { labels.firstIndex(of: label).map { checks[$0] } }
    func detail(_ label: String) -> String { check(label)?["detail"]?.stringValue ?? "" }
    func remedy(_ label: String) -> String? { check(label)?["remedy"]?.stringValue }
}

/// A lane board under test: its configuration, key and state; a simulated weighbridge
/// indicator at 9600 baud; and a clearance receiver with published reference data, synced.
final class SelfTestBench: Sendable {
    let agent: TestAgent
    let link: String
    let simulator: ChildProcess
    private let receiverChild: Mutex<ChildProcess?>
    private let work = TemporaryDirectory("selftest")

    init() async throws {
        let site = "huu-nghi-1119"
        let keyFile = work.file("central.key")
        let created = try await CommandRunner.run(CommandRunner.receiverPath, ["keys", "init", "--out", keyFile, "--json"])
        guard created.status == 0, let centralKey = try JSONParser.parse(Array(created.stdout.utf8))["publicKey"]?.stringValue else {
            throw SelfTestBenchError("clearance-receiver keys init failed: \(created.stderr)")
        }
        let data = work.file("data")
        let reference = work.file("reference.json")
        try #"""
            {"version":1,"vehicles":[{"plate":"29C12345","containers":["MSCU1234565"],"declaredGrossKg":32000,"axles":5,"declaration":"102345678901"}],"watchlist":{"p\#
            lates":[],"documents":[],"subjects":[]}}
            """#
            .write(toFile: reference, atomically: true, encoding: .utf8)
        let published = try await CommandRunner.run(CommandRunner.receiverPath, ["reference", "publish", "--data", data, "--key", keyFile, "--site", site, "--file", reference])
        guard published.status == 0 else { throw SelfTestBenchError("reference publish failed: \(published.stderr)") }
        let registry = work.file("registry.ndjson")
        let key = TestKeys.device
        try "{\"device\":\"HN1119-C03\",\"keyid\":\"\(key.keyID)\",\"publicKey\":\"\(Data(key.publicKeyBytes).base64EncodedString())\"}\n"
            .write(toFile: registry, atomically: true, encoding: .utf8)
        let portFile = work.file("port")
        let receiver = try ChildProcess(CommandRunner.receiverPath, ["serve", "--listen", "127.0.0.1:0", "--data", data, "--registry", registry, "--port-file", portFile,
                                                                      "--receipt-key", keyFile])
        receiverChild = Mutex(receiver)
        let port = try await Self.waitForPort(portFile, child: receiver)

        link = work.file("scale-1")
        simulator = try ChildProcess(CommandRunner.laneagentPath, ["diag", "simulate", "scale", "--driver", "yaohua-xk3190", "--link", link,
                                                                    "--weight", "24350", "--baud", "9600"])
        guard await simulator.waitForOutput("simulating", seconds: 30) else { throw SelfTestBenchError("the simulator did not start: \(simulator.stderr)") }

        agent = try TestAgent(site: site, extraConfig: """
            [uplink]
            url = "http://127.0.0.1:\(port)/"
            central_key = "\(centralKey)"
            retry_max_seconds = 2
            request_timeout_seconds = 10

            [[devices]]
            id = "scale-1"
            kind = "scale"
            driver = "yaohua-xk3190"
            port = "\(link)"
            baud = 9600

            [[lanes]]
            id = "C1"
            kind = "cargo"
            devices = ["scale-1"]
            rules = "\(RepositoryFolder.deploy.path)/rules/default.toml"
            [lanes.gpio]
            chip = "simulated"
            entry_loop = "C1_IN"
            exit_loop = "C1_OUT"
            barrier = "C1_BAR"
            green = "C1_G"
            red = "C1_R"
            """)
        let sync = try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        guard sync.status == 0 else { throw SelfTestBenchError("reference sync failed: \(sync.stdout) \(sync.stderr)") }
    }

    deinit {
        simulator.signal(SIGTERM)
        receiverChild.withLock { $0?.signal(SIGKILL) }
    }

    /// `laneagent ARGS` with the clock-state test seam set to `clock`.
    func laneagent(clock: String, _ arguments: [String]) async throws -> CommandRunner.Output {
        try await CommandRunner.run("/usr/bin/env", ["\("LANEAGENT_TEST_CLOCK")=\(clock)", CommandRunner.laneagentPath] + arguments)
    }

    /// `diag selftest` on `config` (the bench's own by default).
    func selftest(config: String? = nil, json: Bool = true, clock: String = "synced") async throws -> CommandRunner.Output {
        try await laneagent(clock: clock, ["diag", "selftest", "--config", config ?? agent.configPath, "--timeout", "3"] + (json ? ["--json"] : []))
    }

    /// A copy of a configuration (the bench's by default) with `text` replaced, over the same state directory.
    func variant(_ name: String, in source: String? = nil, replacing text: String, with replacement: String) throws -> String {
        let original = try String(contentsOfFile: source ?? agent.configPath, encoding: .utf8)
        guard original.contains(text) else { throw SelfTestBenchError("\(text) is not in the configuration") }
        let path = work.file("\(name).toml")
        try original.replacingOccurrences(of: text, with: replacement).write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// SIGKILL to the receiver: the clearance service is down.
    func stopReceiver() async {
        let child = receiverChild.withLock { child in defer { child = nil }; return child }
        child?.signal(SIGKILL)
        _ = await child?.wait()
    }

    private static func waitForPort(_ path: String, child: ChildProcess) async throws -> Int {
        try await PortFile.wait(path, child: child)
    }
}

struct SelfTestBenchError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
