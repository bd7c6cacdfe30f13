import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import Testing
import Uplink
import Agent
import AgentTesting
import Records

/// The agent's uploads against a real `clearance-receiver` over loopback HTTP.
@Suite("Uplink push against clearance-receiver", .serialized)
struct UplinkPushTests {
    @Test("push delivers every record exactly once, in order, and moves ackedThrough")
    func pushDeliversEverything() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url, extra: "batch_max_records = 400"))
        try await agent.append(1500)

        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        let summary = try JSONParser.parse(Array(output.stdout.utf8))
        #expect(summary["sent"]?.integerValue == 1500)
        #expect(summary["batches"]?.integerValue == 4)
        #expect(summary["acceptedThrough"]?.integerValue == 1500)
        #expect((summary["bytes"]?.integerValue ?? 0) > 0)
        #expect(summary["seconds"] != nil)

        #expect(try agent.status().ackedThrough == 1500)
        let held = try await HTTP.receiverRecords(receiver.url, device: testDevice)
        #expect(held == (try agent.journalLines()))
        let state = try #require(try await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)").json)
        #expect(state["acceptedThrough"]?.integerValue == 1500)
        #expect(state["records"]?.integerValue == 1500)

        // Nothing pending: a second push sends nothing and succeeds.
        let again = try await agent.push()
        #expect(again.status == 0)
        #expect(try JSONParser.parse(Array(again.stdout.utf8))["sent"]?.integerValue == 0)
    }

    @Test("the receiver serves several lanes uploading at once")
    func concurrentDevices() async throws {
        let devices = (1...4).map { "HN1119-C1\($0)" }
        // Each lane its own key: the registry refuses one key registered for two devices.
        let keys = try (1...4).map { try DeviceKey(seed: Array(repeating: UInt8(0x10 + $0), count: 32)) }
        let receiver = try await ReceiverProcess(registryLines: zip(devices, keys).map { registryLine(device: $0, key: $1) })
        var agents: [TestAgent] = []
        for (device, key) in zip(devices, keys) {
            let agent = try TestAgent(device: device, key: key, extraConfig: uplinkConfig(receiver.url, extra: "batch_max_records = 100"))
            try await agent.append(400)
            agents.append(agent)
        }
        let pushes = try agents.map { try ChildProcess(CommandRunner.laneagentPath, ["uplink", "push", "--config", $0.configPath, "--timeout", "60"]) }
        for push in pushes { #expect(await push.wait() == 0, "\(push.stderr)") }
        for (agent, device) in zip(agents, devices) {
            #expect(try await HTTP.receiverRecords(receiver.url, device: device) == (try agent.journalLines()))
        }
    }

    @Test("appends are not held up while an upload is stalled")
    func appendsDuringStalledUpload() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url))
        try await agent.append(200)
        try await proxy.inject([["type": "stall", "seconds": 5]])
        let journal = try agent.openJournal()
        defer { journal.close() }
        let client = try ClearanceClient(settings: try agent.config.requireUplink())
        let uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
        let upload = Task { await uploader.step() }
        try await Task.sleep(for: .milliseconds(300))
        for index in 0..<100 { try await journal.append(kind: "test.reading", body: ["index": .number(Double(index))]) }
        let stats = try await proxy.stats()
        #expect(stats["faultsApplied"]?.integerValue == 1, "the stalled batch is still in the proxy while the appends commit")
        let step = await upload.value
        #expect(step == .acknowledged(through: 200))
        #expect(try journal.status().lastSeq == 300)
        #expect(try journal.status().ackedThrough == 200)
        await client.shutdown()
    }

    @Test("mutual TLS: the agent uploads over https with its client certificate; one without is refused")
    func mutualTLS() async throws {
        let pki = try await TestPKI()
        let receiver = try await ReceiverProcess(registryLines: [registryLine()],
                                           extra: ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey, "--client-ca", pki.caCert])
        let url = "https://localhost:\(receiver.port)/"
        let agent = try TestAgent(extraConfig: uplinkConfig(url, extra: """
            ca_file = "\(pki.caCert)"
            cert_file = "\(pki.clientCert)"
            key_file = "\(pki.clientKey)"
            """))
        try await agent.append(300)
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try agent.status().ackedThrough == 300)

        let diag = try await CommandRunner.laneagent(["diag", "uplink", "--config", agent.configPath, "--json"])
        #expect(diag.status == 0, "\(diag.stdout)")
        let steps = try JSONParser.parse(Array(diag.stdout.utf8))
        let names: [String] = steps["steps"].flatMap {
            if case .array(let items) = $0 { items.compactMap { if case .string(let s)? = $0["step"] { s } else { nil } } } else { nil }
        } ?? []
        #expect(names == ["config", "dns", "tcp", "tls", "http", "device", "clock"])

        let anonymous = try TestAgent(extraConfig: uplinkConfig(url, extra: "ca_file = \"\(pki.caCert)\""))
        try await anonymous.append(5)
        let refused = try await anonymous.push(timeout: 3)
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("LA-UPLINK-005"))
        let refusedDiag = try await CommandRunner.laneagent(["diag", "uplink", "--config", anonymous.configPath])
        #expect(refusedDiag.status == 1)
        #expect(refusedDiag.stdout.contains("FAIL"))
    }

    @Test("laneagent run uploads in the background and exits cleanly on SIGTERM")
    func runUploadsContinuously() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        try await agent.append(50)
        let run = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        let deadline = Date().addingTimeInterval(30)
        var held = 0
        while Date() < deadline {
            held = (try? await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)").json?["acceptedThrough"]?.integerValue) ?? 0
            if held >= 51 { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        #expect(held >= 51, "the 50 records and agent.started reach the receiver while running")
        run.signal(SIGTERM)
        #expect(await run.wait() == 0, "\(run.stdout)")
        #expect(run.stdout.contains("uplink stopped"))
        let lines = try agent.journalLines()
        let receiverLines = try await HTTP.receiverRecords(receiver.url, device: testDevice)
        #expect(Array(lines.prefix(receiverLines.count)) == receiverLines)
    }
}
