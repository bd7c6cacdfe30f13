import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// Debian's nginx in front of the receivers (docs/records-and-uplink.md's example): the board
/// knows one URL and nginx spreads and retries its requests; idempotent batches make nginx's
/// retry of a POST on another receiver safe.
@Suite("Uploading through nginx as a load balancer", .serialized, .timeLimit(.minutes(3)),
       .enabled(if: NginxBalancer.executable != nil, "nginx is not installed (deploy/dev.sh installs it): the load-balancer example is not run"))
struct UplinkNginxTests {
    @Test("a board uploads through nginx over two receiver paths; one dies mid-upload; the store ends with exactly the journal's records")
    func uploadThroughNginx() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        // Two paths to one store, as two receivers over a shared database would be.
        let first = try await FaultProxy(upstreamPort: receiver.port)
        let second = try await FaultProxy(upstreamPort: receiver.port)
        let nginx = try await NginxBalancer(upstreamPorts: [first.port, second.port])
        let agent = try TestAgent(extraConfig: uplinkConfig(nginx.url, extra: "batch_max_records = 50"))
        try await agent.append(1000)
        // The fifth batch nginx gives the first path hangs there, and that path dies under it.
        let faults: [JSONValue] = Array(repeating: ["type": "pass"], count: 4) + [["type": "stall", "seconds": 60]]
        try await first.inject(.array(faults))

        async let pushed = agent.push(timeout: 120)
        try await waitUntil("the first path to hold a stalled batch") { try await first.stats()["faultsApplied"]?.integerValue ?? 0 >= 5 }
        first.child.signal(SIGKILL)
        let output = try await pushed

        #expect(output.status == 0, "push failed: \(output.stdout) \(output.stderr)\nnginx: \(nginx.child.stderr)")
        #expect(try JSONParser.parse(Array(output.stdout.utf8))["acceptedThrough"]?.integerValue == 1000)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
        let relayed = nginx.accessLog.split(separator: "\n").filter { $0.contains("records:batch") }
        #expect(relayed.count >= 20, "every batch went through nginx: \(relayed.count) logged")
        #expect(try await second.stats()["batchRequests"]?.integerValue ?? 0 > 0, "nginx used both paths")
    }
}
