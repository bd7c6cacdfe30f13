import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// A thousand idle connections once used up the gateway's descriptors and a real camera's event
/// got no answer. Now one address holds at most `max_connections_per_address`, newer ones are
/// closed at once, and a connection with no whole request in `request_timeout_seconds` is closed.
@Suite("Gateway connection limits", .serialized, .timeLimit(.minutes(2)))
struct GatewayConnectionLimitTests {
    @Test("1,000 idle connections from one address: all but 16 are shed at once, the rest closed after the request timeout, and a camera's event still gets its answer")
    func idleFlood() async throws {
        let agent = try TestAgent(extraConfig: """
            [http]
            listen = "127.0.0.1:0"
            request_timeout_seconds = 2

            [[devices]]
            id = "xray-1"
            kind = "xray"
            driver = "generic-scan-json"
            address = "127.0.0.1"
            """)
        let running = try await RunningAgent(agent)
        let flood = try await IdleConnections.open(count: 1_000, from: "127.0.0.2", port: running.port)
        try await Task.sleep(for: .milliseconds(500))
        #expect(flood.closedByServer() >= 1_000 - 16, "shed at once")
        let descriptors = (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(running.child.processIdentifier)/fd").count) ?? 0
        #expect(descriptors < 200, "the daemon holds \(descriptors) descriptors")

        let event = try await CommandRunner.laneagent(["diag", "simulate", "scan", "--target", running.url("xray-1"), "--image-kb", "0"])
        #expect(event.status == 0, "\(event.stdout) \(event.stderr)")

        try await Task.sleep(for: .seconds(4))
        #expect(flood.closedByServer() == 1_000, "the trickling ones are closed after the request timeout")
        #expect(await running.stop() == 0)
        #expect(try agent.records().contains { $0.kind == "reading.scan" })
        #expect(running.child.stdout.contains("refused a connection"))
    }
}
