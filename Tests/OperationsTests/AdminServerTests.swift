import Agent
import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import Testing

/// The admin server in process, where the states a running daemon rarely shows can be set up:
/// lanes that never started, a port someone else holds, and hostile text on the status page.
@Suite("Admin server: readiness, a taken port, the status page's escaping", .timeLimit(.minutes(2)))
struct AdminServerTests {
    /// A board with lane P1 whose loop never runs, as after a hang at start-up.
    final class StalledBoard: Sendable {
        let rules = TemporaryDirectory("rules")
        let agent: TestAgent
        let journal: Journal
        let lanes: LaneService

        init() throws {
            agent = try TestAgent(extraConfig: TestLaneConfig.peopleLane(rules: try TestLaneConfig.rulePack(in: rules)))
            journal = try agent.openJournal()
            lanes = try LaneService(config: agent.config, journal: journal, logger: Logger(label: "test"), controlSocket: false)
        }

        func server(on address: ListenAddress, onListening: @escaping @Sendable (Int) -> Void = { _ in }) -> AdminServer {
            AdminServer(address: address, config: agent.config, health: DaemonHealth(journal: journal, lanes: lanes.hub),
                        monitors: DaemonMonitors(config: agent.config), logger: Logger(label: "test"), onListening: onListening)
        }
    }

    /// Runs the server `make` builds (handing it where to report its port) until the returned
    /// task is cancelled; the port it bound.
    static func start(_ make: (@escaping @Sendable (Int) -> Void) -> AdminServer) async throws -> (Task<Void, any Error>, Int) {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let server = make { continuation.yield($0) }
        let task = Task {
            defer { continuation.finish() }
            try await server.run()
        }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else {
            _ = await task.result
            throw ScriptFailure("the admin server did not start")
        }
        return (task, port)
    }

    @Test("/readyz is 503 naming the lane while its loop has not answered; /healthz is 200 all the same")
    func lanesNotRunning() async throws {
        let board = try StalledBoard()
        defer { board.journal.close() }
        let (task, port) = try await Self.start { board.server(on: ListenAddress("127.0.0.1:0")!, onListening: $0) }
        defer { task.cancel() }
        let ready = try await AdminHTTP.get("http://127.0.0.1:\(port)/readyz")
        #expect(ready.status == 503, "\(ready.body)")
        let checks = try ready.json()["checks"]?.arrayValue ?? []
        let lanes = checks.first { $0["name"] == "lanes" }
        #expect(lanes?["ok"] == .bool(false) && lanes?["detail"]?.stringValue?.contains("P1") == true, "\(ready.body)")
        #expect(checks.first { $0["name"] == "journal" }?["ok"] == .bool(true), "\(ready.body)")
        #expect(try await AdminHTTP.get("http://127.0.0.1:\(port)/healthz").status == 200)
        let page = try await AdminHTTP.get("http://127.0.0.1:\(port)/")
        #expect(page.status == 200 && page.contentType.hasPrefix("text/html"))
        #expect(page.body.contains("NOT READY") && page.body.contains("not running"), "\(page.body)")
    }

    @Test("a port another process holds fails the server with LA-ADMIN-001 naming the address")
    func portTaken() async throws {
        let board = try StalledBoard()
        defer { board.journal.close() }
        let (holder, port) = try await Self.start { board.server(on: ListenAddress("127.0.0.1:0")!, onListening: $0) }
        defer { holder.cancel() }
        let second = board.server(on: ListenAddress("127.0.0.1:\(port)")!)
        do {
            try await second.run()
            Issue.record("a second server on 127.0.0.1:\(port) started")
        } catch let error as AdminServerError {
            #expect(error.code == "LA-ADMIN-001")
            #expect(error.description.contains("127.0.0.1:\(port)") && error.description.contains("admin_listen"), "\(error)")
        }
    }

    @Test("unknown paths are 404; the status page escapes what devices and officers wrote")
    func escaping() async throws {
        let board = try StalledBoard()
        defer { board.journal.close() }
        let monitors = DaemonMonitors(config: board.agent.config)
        monitors.devices.frameError(device: "face-1", reason: "<img src=x onerror=alert(1)> garbage")
        let (task, port) = try await Self.start {
            AdminServer(address: ListenAddress("127.0.0.1:0")!, config: board.agent.config, health: DaemonHealth(journal: board.journal, lanes: board.lanes.hub),
                        monitors: monitors, logger: Logger(label: "test"), onListening: $0)
        }
        defer { task.cancel() }
        let page = try await AdminHTTP.get("http://127.0.0.1:\(port)/")
        #expect(!page.body.contains("<img"), "device text must not become markup")
        #expect(page.body.contains("&lt;img src=x onerror=alert(1)&gt; garbage"))
        #expect(try await AdminHTTP.get("http://127.0.0.1:\(port)/nothing-here").status == 404)
    }
}
