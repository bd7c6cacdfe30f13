import Agent
import AgentTesting
import Logging
import Foundation
import LaneAgentTesting
import Testing

/// `laneagent run` as systemd starts it with `Type=notify` and `WatchdogSec=`: a fake
/// `NOTIFY_SOCKET` receives READY=1 once the journal is open and the lane runs, WATCHDOG=1
/// pings at half the watchdog interval, and STOPPING=1 on SIGTERM before the clean exit.
@Suite("systemd notify and watchdog", .timeLimit(.minutes(2)))
struct SystemdNotifyTests {
    @Test("laneagent run under a fake NOTIFY_SOCKET: READY, WATCHDOG pings, STOPPING")
    func readyWatchdogStopping() async throws {
        let rules = TemporaryDirectory("rules")
        let agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
        let socket = try NotifySocket(path: agent.directory.file("notify.sock"))
        defer { socket.stop() }
        let started = ContinuousClock.now
        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath],
                                      environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])
        let ready = await socket.wait(seconds: 30) { $0.contains { $0.hasPrefix("READY=1") } }
        let readyAfter = ContinuousClock.now - started
        #expect(ready, "no READY=1: \(socket.received)\n\(daemon.stdout)\n\(daemon.stderr)")
        // Readiness means the journal took agent.started and the lane answered: both are there.
        #expect(try agent.records().contains { $0.kind == "agent.started" })
        #expect(socket.received.first { $0.hasPrefix("READY=1") }?.contains("1 lane(s) running") == true)
        let pinged = await socket.wait(seconds: 20) { $0.filter { $0 == "WATCHDOG=1" }.count >= 3 }
        #expect(pinged, "fewer than 3 WATCHDOG=1 after READY: \(socket.received)")
        #expect(socket.received.firstIndex { $0.hasPrefix("READY=1") }! < socket.received.firstIndex(of: "WATCHDOG=1") ?? .max,
                "a ping before READY=1 would tell systemd nothing")

        daemon.signal(SIGTERM)
        let status = await daemon.wait()
        #expect(status == 0, "\(daemon.stderr)")
        #expect(socket.received.last == "STOPPING=1", "\(socket.received)")
        #expect(!socket.received.contains { $0.hasPrefix("STATUS=hung") }, "\(socket.received)")
        #expect(try agent.records().last?.kind == "agent.stopped")
        print("start to READY=1: \(readyAfter)")
    }

    @Test("without NOTIFY_SOCKET the daemon notifies nobody; WATCHDOG_USEC meant for another process is ignored")
    func environment() throws {
        #expect(SystemdNotifier.fromEnvironment([:]) == nil)
        let mine = try #require(SystemdNotifier.fromEnvironment(["NOTIFY_SOCKET": "/run/systemd/notify", "WATCHDOG_USEC": "30000000"], pid: 42))
        #expect(mine.watchdogInterval == .seconds(30))
        let inherited = try #require(SystemdNotifier.fromEnvironment(
            ["NOTIFY_SOCKET": "@/org/freedesktop/systemd1/notify", "WATCHDOG_USEC": "30000000", "WATCHDOG_PID": "7"], pid: 42))
        #expect(inherited.watchdogInterval == nil)
        #expect(throws: SystemdNotifyError.self) { try SystemdNotifier(socketPath: "relative/notify", watchdogInterval: nil).send("READY=1") }
    }
}

@Suite("daemon health for the watchdog")
struct DaemonHealthTests {
    @Test("a lane loop that does not answer its heartbeat is reported hung once the limit passes")
    func hungLane() async throws {
        let rules = TemporaryDirectory("rules")
        let agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
        let journal = try agent.openJournal()
        defer { journal.close() }
        // The lanes are set up but never run: their loops answer nothing, as a hung loop would.
        let lanes = try LaneService(config: agent.config, journal: journal, logger: Logger(label: "test"), controlSocket: false)
        let health = DaemonHealth(journal: journal, lanes: lanes.hub, hangLimit: .milliseconds(200))
        health.beat()
        #expect(!health.lanesStarted)
        #expect(health.problems().isEmpty, "within the limit nothing is hung yet")
        try await Task.sleep(for: .milliseconds(400))
        health.beat()
        let problems = health.problems()
        #expect(problems.count == 1 && problems[0].hasPrefix("lane P1: its loop has not answered for"), "\(problems)")
    }
}
