import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// Links that drop, stall and come back, and a receiver that crashes or loses its data: in
/// every case the receiver ends with exactly the journal's records, verified, none twice.
@Suite("Uplink under faults", .serialized)
struct UplinkFaultTests {
    /// The receiver holds exactly the journal, in order (it verified each on the way in).
    private func expectExactCopy(_ agent: TestAgent, _ receiver: ReceiverProcess) async throws {
        let journal = try agent.journalLines()
        let held = try await HTTP.receiverRecords(receiver.url, device: testDevice)
        #expect(held.count == journal.count)
        #expect(held == journal)
        let state = try #require(try await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)").json)
        #expect(state["records"]?.integerValue == journal.count, "no record stored twice")
        #expect(try agent.status().ackedThrough == journal.count)
    }

    @Test("503 and 429 with Retry-After are honoured, then the upload completes")
    func retryAfter() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 100"))
        try await agent.append(300)
        try await proxy.inject([["type": "status", "status": 503, "retryAfter": "2"],
                                ["type": "pass"],
                                ["type": "status", "status": 429, "retryAfter": "1"]])
        let started = Date()
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(Date().timeIntervalSince(started) >= 3, "waited the 2 s and 1 s the server asked for")
        try await expectExactCopy(agent, receiver)
    }

    @Test("connection resets, a lost answer, garbage and a 5 s stall: retried, nothing lost or doubled")
    func resetsStallsAndGarbage() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, requestTimeout: 2, extra: "batch_max_records = 100"))
        try await agent.append(500)
        try await proxy.inject([["type": "reset"], ["type": "reset-after-forward"], ["type": "garbage"],
                                ["type": "stall", "seconds": 5], ["type": "status", "status": 500]])
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        try await expectExactCopy(agent, receiver)
        #expect(try await proxy.stats()["faultsApplied"]?.integerValue == 5)
    }

    @Test("the receiver killed mid-batch and restarted: the upload resumes")
    func receiverKilledMidBatch() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 200"))
        try await agent.append(1000)
        // The second batch is held in the proxy while the receiver dies under it.
        try await proxy.inject([["type": "pass"], ["type": "stall", "seconds": 2]])
        let push = try ChildProcess(CommandRunner.laneagentPath, ["uplink", "push", "--config", agent.configPath, "--timeout", "60", "--json"])
        try await Task.sleep(for: .milliseconds(1000))
        await receiver.kill()
        try await Task.sleep(for: .milliseconds(2500))
        try await receiver.start()
        try await proxy.setUpstream(port: receiver.port)
        #expect(await push.wait() == 0, "\(push.stderr)")
        try await expectExactCopy(agent, receiver)
    }

    @Test("a receiver that lost its data answers 409 gap and gets everything again from seq 1")
    func gapAfterWipe() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 250"))
        try await agent.append(600)
        #expect(try await agent.push().status == 0)

        await receiver.kill()
        try await receiver.wipe()
        try await receiver.start()
        try await proxy.setUpstream(port: receiver.port)
        try await agent.append(100)
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        try await expectExactCopy(agent, receiver)
        #expect(receiver.log.contains("reason=gap"), "the receiver logged the gap it answered")
    }
}
