import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel
import Logging
import Testing
import Uplink

/// A board with two receiver URLs in front of one store: when the one in use goes away mid-upload
/// the board carries on at the other, and the store ends with exactly the journal's records.
@Suite("Failing over between receivers", .serialized, .timeLimit(.minutes(3)))
struct UplinkFailoverTests {
    @Test("the proxy in use is killed while a batch is in flight: the push finishes through the other, nothing lost or stored twice")
    func killedMidUpload() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [first.url, second.url], extra: "batch_max_records = 50"))
        try await agent.append(1000)
        // The third batch hangs at the first proxy; the proxy dies under it.
        try await first.inject([["type": "pass"], ["type": "pass"], ["type": "stall", "seconds": 60]])

        async let pushed = agent.push(timeout: 120)
        try await waitUntil("the first proxy holds the third batch") { try await first.stats()["faultsApplied"]?.integerValue ?? 0 >= 3 }
        first.child.signal(SIGKILL)
        let output = try await pushed

        #expect(output.status == 0, "push failed: \(output.stdout) \(output.stderr)")
        let summary = try JSONParser.parse(Array(output.stdout.utf8))
        #expect(summary["acceptedThrough"]?.integerValue == 1000)
        #expect(summary["receiver"] == .string(second.url), "push --json names the receiver it ended on")
        #expect(try await second.stats()["batchRequests"]?.integerValue ?? 0 > 0, "the second proxy carried the rest")
        #expect(output.stderr.contains("uplink switches receiver"), "the switch is logged: \(output.stderr)")
        print("failover mid-upload: \(output.stdout.trimmingCharacters(in: .whitespacesAndNewlines))")
        let status = try await CommandRunner.laneagent(["uplink", "status", "--config", agent.configPath, "--json"])
        #expect(try JSONParser.parse(Array(status.stdout.utf8))["lastReceiver"] == .string(second.url), "uplink status names it too: \(status.stdout)")
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
    }

    @Test("the first receiver answers 502 (its upstream gone): the board switches at once, without a backoff, and uploads everything")
    func badGatewaySwitches() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        // A port nothing listens on: the first proxy answers every request with 502.
        try await first.setUpstream(port: try closedPort())
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [first.url, second.url], extra: "batch_max_records = 100"))
        try await agent.append(300)

        let output = try await agent.push(timeout: 60)

        #expect(output.status == 0, "push failed: \(output.stdout) \(output.stderr)")
        #expect(try JSONParser.parse(Array(output.stdout.utf8))["receiver"] == .string(second.url))
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
        // The board stays on the second URL: the first saw only the batches sent before the switch (two in flight at most).
        let exchanges = try String(contentsOfFile: first.recording, encoding: .utf8).split(separator: "\n")
        #expect((1...2).contains(exchanges.count), "the first URL is left after its first 502s, not tried again: \(exchanges.count)")
        #expect(!output.stderr.contains("upload failed; retrying"), "a switch within a round costs no retry: \(output.stderr)")
    }

    @Test("the first receiver swallows requests: each times out after request_timeout_seconds and the board carries on at the second")
    func timeoutSwitches() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        let stalls: [JSONValue] = Array(repeating: ["type": "stall", "seconds": 60], count: 4)
        try await first.inject(.array(stalls))
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [first.url, second.url], requestTimeout: 2, extra: "batch_max_records = 100"))
        try await agent.append(300)

        let output = try await agent.push(timeout: 60)

        #expect(output.status == 0, "push failed: \(output.stdout) \(output.stderr)")
        #expect(try JSONParser.parse(Array(output.stdout.utf8))["receiver"] == .string(second.url))
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
    }

    @Test("a 409 from the shared store is answered where it came from: no switch")
    func storeAnswersDoNotSwitch() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [first.url, second.url], extra: "batch_max_records = 1000"))
        try await agent.append(100)
        try await first.inject([["type": "status", "status": 409, "body": ["error": "gap", "device": .string(testDevice), "expectedSeq": 1]]])

        let output = try await agent.push(timeout: 60)

        #expect(output.status == 0, "push failed: \(output.stdout) \(output.stderr)")
        #expect(try JSONParser.parse(Array(output.stdout.utf8))["receiver"] == .string(first.url))
        #expect(try await second.stats()["batchRequests"]?.integerValue == 0)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
    }

    @Test("the daemon, its first URL dead, uploads through the second, logs the switch and shows the receiver in use on its status page")
    func daemonShowsReceiverInUse() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let dead = "http://127.0.0.1:\(try closedPort())/"
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [dead, receiver.url]))
        try await agent.append(20)

        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        defer { daemon.signal(SIGTERM) }
        #expect(await daemon.waitForOutput("admin server listening"), "\(daemon.stdout)\n\(daemon.stderr)")
        let line = daemon.stdout.split(separator: "\n").first { $0.contains("admin server listening") } ?? ""
        let admin = "http://127.0.0.1:\(try #require(line.firstMatch(of: /\sport=(\d+)/).flatMap { Int($0.1) }))/"
        try await waitUntil("the daemon to upload the 20 records") { try await HTTP.receiverRecords(receiver.url, device: testDevice).count >= 20 }

        let page = try await HTTP.send("GET", admin)
        #expect(page.text.contains("\(receiver.url) (2 of 2 in [uplink] urls)"), "\(page.text)")
        #expect((daemon.stdout + daemon.stderr).contains("uplink switches receiver"))
        let metrics = try await HTTP.send("GET", admin + "metrics").text.split(separator: "\n")
        #expect(metrics.contains("laneagent_uplink_receiver 2.0") || metrics.contains("laneagent_uplink_receiver 2"), "the second URL is in use")
        #expect(metrics.contains { $0.hasPrefix("laneagent_uplink_receiver_switches_total ") && !$0.hasSuffix(" 0") }, "the switch is counted")
        let stored = try await HTTP.receiverRecords(receiver.url, device: testDevice)
        #expect(stored == Array(try agent.journalLines().prefix(stored.count)), "the receiver holds the journal's records, in order, once")
    }

    @Test("failback_seconds after leaving it, on the injected clock, the board goes back to the first receiver once it answers again")
    func failbackOnInjectedClock() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        let upstream = receiver.port
        try await first.setUpstream(port: try closedPort())
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [first.url, second.url], extra: "failback_seconds = 300"))
        let clock = ManualClock()
        let journal = try agent.openJournal { $0.clock = clock }
        defer { journal.close() }
        let settings = try agent.config.requireUplink()
        let route = ReceiverRoute(settings: settings, clock: clock)
        let client = try ClearanceClient(settings: settings, route: route)
        let uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
        func appendAndPush(_ count: Int) async throws {
            for index in 0..<count { try await journal.append(kind: "test.reading", body: ["index": .number(Double(index))]) }
            _ = try await uploader.push(timeout: .seconds(60))
        }

        try await appendAndPush(50)
        #expect(route.inUse == second.url, "the first answers 502: the board moved on")
        try await first.setUpstream(port: upstream)
        clock.advance(by: .seconds(299))
        try await appendAndPush(10)
        #expect(route.inUse == second.url, "a second before failback_seconds the board stays where it works")
        clock.advance(by: .seconds(1))
        try await appendAndPush(10)
        #expect(route.inUse == first.url, "then it tries the first again, which answers")
        #expect(route.switches == 2)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
        await client.shutdown()
    }

    @Test("diag uplink walks every receiver URL and fails when one of them is down")
    func diagnosisChecksEveryURL() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let dead = "http://127.0.0.1:\(try closedPort())/"
        let agent = try TestAgent(extraConfig: uplinkConfig(urls: [receiver.url, dead]))

        let output = try await CommandRunner.laneagent(["diag", "uplink", "--config", agent.configPath, "--json"])

        #expect(output.status == 1, "a receiver that is down is a fault: \(output.stdout)")
        let steps = try JSONParser.parse(Array(output.stdout.utf8))["steps"]?.arrayValue ?? []
        let byURL = Dictionary(grouping: steps) { $0["url"]?.stringValue ?? "" }
        #expect(byURL[receiver.url]?.allSatisfy { $0["ok"] == .bool(true) } == true, "the live receiver passes every step")
        #expect(byURL[receiver.url]?.contains { $0["step"] == .string("device") } == true)
        #expect(byURL[dead]?.last?["step"] == .string("tcp") && byURL[dead]?.last?["ok"] == .bool(false), "the dead one fails at tcp")
    }
}

/// Uplink config listing several receivers, with short retry waits for tests.
func uplinkConfig(urls: [String], requestTimeout: Int = 10, extra: String = "") -> String {
    """
    [uplink]
    urls = [\(urls.map { "\"\($0)\"" }.joined(separator: ", "))]
    retry_max_seconds = 2
    request_timeout_seconds = \(requestTimeout)
    \(extra)
    """
}

/// A loopback port nothing listens on (bound, then closed, so the kernel refuses connections to it).
func closedPort() throws -> Int {
    let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard descriptor >= 0 else { throw TestFailure("socket() failed: errno \(errno)") }
    defer { close(descriptor) }
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = 0
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    let bound = withUnsafeMutablePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, length) == 0 && getsockname(descriptor, $0, &length) == 0 }
    }
    guard bound else { throw TestFailure("bind() failed: errno \(errno)") }
    return Int(UInt16(bigEndian: address.sin_port))
}

/// Polls `condition` every 50 ms until it holds (the suite's time limit ends a wait that never does).
func waitUntil(_ what: String, seconds: Double = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = Date().addingTimeInterval(seconds)
    while try await !condition() {
        guard Date() < deadline else { throw TestFailure("waited \(seconds) s for \(what)") }
        try await Task.sleep(for: .milliseconds(50))
    }
}
