import AgentTesting
import Foundation
import LaneAgentTesting
import Testing

/// The receiver faces every board: idle connections from one address must not stop the others.
@Suite("Receiver connection limits", .serialized, .timeLimit(.minutes(2)))
struct ReceiverConnectionLimitTests {
    @Test("1,000 idle connections from one address are shed or timed out, and a board's upload goes through meanwhile")
    func idleFlood() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()],
                                                 extra: ["--max-connections-per-address", "8", "--request-timeout-seconds", "6"])
        let flood = try await IdleConnections.open(count: 1_000, from: "127.0.0.3", port: receiver.port,
                                        prefix: "POST /v1/records:batch HTTP/1.1\r\nHost: x\r\nIdempotency-Key: \(testDevice):1-1\r\n")
        // Shed, not timed out: all but the 8 allowed are closed before the 6 s request timeout
        // could have closed any (a busy machine may take a while to close 992 sockets).
        #expect(try await Self.eventually(within: .seconds(5)) { flood.closedByServer() >= 1_000 - 8 }, "\(flood.closedByServer()) closed")

        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        try await agent.append(50)
        let push = try await agent.push()
        #expect(push.status == 0, "\(push.stdout) \(push.stderr)")
        #expect(try await Self.eventually(within: .seconds(30)) { flood.closedByServer() == 1_000 }, "the 8 let in are closed by the request timeout")
        #expect(try await HTTP.send("GET", receiver.url + "v1/health").status == 200)
    }

    /// Whether `condition` holds, checked every 100 ms until it does or `limit` has passed.
    private static func eventually(within limit: Duration, _ condition: () -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + limit
        while !condition() {
            guard ContinuousClock.now < deadline else { return false }
            try await Task.sleep(for: .milliseconds(100))
        }
        return true
    }
}
