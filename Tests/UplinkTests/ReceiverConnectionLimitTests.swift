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
                                                 extra: ["--max-connections-per-address", "8", "--request-timeout-seconds", "2"])
        let flood = try await IdleConnections.open(count: 1_000, from: "127.0.0.3", port: receiver.port,
                                        prefix: "POST /v1/records:batch HTTP/1.1\r\nHost: x\r\nIdempotency-Key: \(testDevice):1-1\r\n")
        try await Task.sleep(for: .milliseconds(500))
        #expect(flood.closedByServer() >= 1_000 - 8)

        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        try await agent.append(50)
        let push = try await agent.push()
        #expect(push.status == 0, "\(push.stdout) \(push.stderr)")
        try await Task.sleep(for: .seconds(4))
        #expect(flood.closedByServer() == 1_000)
        #expect(try await HTTP.send("GET", receiver.url + "v1/health").status == 200)
    }
}
