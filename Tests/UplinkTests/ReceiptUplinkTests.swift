import AgentTesting
import Crypto
import Foundation
import LaneAgentTesting
import LaneModel
import Logging
import Records
import ServiceLifecycleTestKit
import Testing
import Uplink

/// Central's signed receipts end to end: a real `clearance-receiver` signs them, a real board
/// checks them against its pinned central key, journals them and proves its exports with them.
@Suite("Receipts from the receiver to the board's journal", .serialized, .timeLimit(.minutes(3)))
struct ReceiptUplinkTests {
    static let pinned = "central_key = \"\(TestKeys.centralPublicKey)\""

    /// The records of `kind` in the agent's journal.
    static func records(_ agent: TestAgent, kind: RecordKind) throws -> [Record] {
        try agent.records().filter { $0.kind == kind.rawValue }
    }

    /// `laneagent journal verify` of a fresh export of the agent's journal, with `arguments`.
    static func verifyExport(_ agent: TestAgent, _ arguments: [String]) async throws -> CommandRunner.Output {
        let file = agent.directory.file("export-\(UUID().uuidString).ndjson")
        let exported = try await CommandRunner.laneagent(["journal", "export", "--config", agent.configPath, "--out", file])
        #expect(exported.status == 0, "\(exported.stderr)")
        return try await CommandRunner.laneagent(["journal", "verify", file] + arguments)
    }

    @Test("every 200 carries a receipt signed with the central key for the batch's last record; a board without central_key journals none")
    func everyAcceptanceIsReceipted() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()], extra: ["--instance", "central-a"])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 10"))
        try await agent.append(30)
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")

        let hashes = try agent.journalLines().map { Array(SHA256.hash(data: try Envelope(parsing: $0).payload)) }
        var receipted: [Int] = []
        for line in try String(contentsOfFile: proxy.recording, encoding: .utf8).split(separator: "\n") {
            let exchange = try JSONParser.parse(Array(line.utf8))
            guard exchange["status"]?.integerValue == 200, let body = exchange["responseBodyBase64"]?.stringValue.flatMap({ Data(base64Encoded: $0) }) else { continue }
            let receipt = try BatchReceipt(json: try #require(try JSONParser.parse(Array(body))["receipt"]))
            try receipt.verify(centralKey: TestKeys.central.privateKey.publicKey)
            try receipt.check(device: testDevice, seq: receipt.acceptedThrough, sha256: hashes[receipt.acceptedThrough - 1])
            #expect(receipt.instance == "central-a")
            receipted.append(receipt.acceptedThrough)
        }
        // Two batches are in flight at a time: their answers may be recorded in either order.
        #expect(receipted.sorted() == [10, 20, 30])
        #expect(try Self.records(agent, kind: .uplinkReceipt).isEmpty, "no central_key: nothing to check receipts with")
        let shown = try await CommandRunner.laneagent(["uplink", "status", "--config", agent.configPath])
        #expect(shown.stdout.contains("receipt:        not checked: no [uplink] central_key, so none are journaled"), "\(shown.stdout)")
        #expect(try agent.status().ackedThrough == 30)
    }

    @Test("a board pinning the central key journals one receipt for many small batches, sends it too, and none for its own")
    func coalescedReceipt() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url, extra: "batch_max_records = 5\n" + Self.pinned))
        try await agent.append(60)
        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")

        let receipts = try Self.records(agent, kind: .uplinkReceipt)
        #expect(receipts.map(\.seq) == [61], "one receipt record for twelve batches")
        let receipt = try BatchReceipt(json: try #require(receipts.first).body)
        #expect(receipt.acceptedThrough == 60)
        try receipt.verify(centralKey: TestKeys.central.privateKey.publicKey)
        let status = try agent.status()
        #expect(status.lastSeq == 61 && status.ackedThrough == 61, "the push sent its receipt record as well")
        let shown = try await CommandRunner.laneagent(["uplink", "status", "--config", agent.configPath])
        #expect(shown.stdout.contains("receipt:        central acknowledged through seq 60 (instance "), "\(shown.stdout)")
        #expect(shown.stdout.contains("journaled as seq 61"))

        // Its receipt covers only the receipt record: no record for it, however often pushed.
        #expect(try await agent.push().status == 0)
        #expect(try agent.status().lastSeq == 61)

        try await agent.append(3)
        #expect(try await agent.push().status == 0)
        #expect(try Self.records(agent, kind: .uplinkReceipt).map(\.seq) == [61, 65])
        #expect(try agent.status().ackedThrough == 65)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
    }

    @Test("the daemon's uplink journals the newest receipt a minute after the last one, not one per batch, on the journal's clock")
    func daemonCoalescesOnItsClock() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url, extra: "batch_max_records = 5\n" + Self.pinned))
        try await agent.append(20)
        let clock = ManualClock()
        let journal = try agent.openJournal { $0.clock = clock }
        defer { journal.close() }
        let client = try ClearanceClient(settings: try agent.config.requireUplink())
        let uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
        let service = UplinkService(uploader: uploader, client: client, logger: Logger(label: "test"))

        try await testGracefulShutdown { trigger in
            let running = Task { try await service.run() }
            // Four batches, then idle: their receipts wait for the minute.
            #expect(await clock.waitForSleepers())
            #expect(try journal.position().ackedThrough == 20)
            for index in 0..<5 { try await journal.append(kind: "test.reading", body: ["index": .number(Double(index))]) }
            clock.advance(by: .milliseconds(500))
            #expect(await clock.waitForSleepers())
            #expect(try journal.position().ackedThrough == 25)
            #expect(try Self.records(agent, kind: .uplinkReceipt).isEmpty, "five batches within the minute: no receipt record yet")

            clock.advance(by: .seconds(60))
            #expect(await clock.waitForSleepers())
            clock.advance(by: .milliseconds(500))
            #expect(await clock.waitForSleepers())
            let receipts = try Self.records(agent, kind: .uplinkReceipt)
            #expect(receipts.map(\.seq) == [26], "one record for the five batches, the newest receipt")
            #expect(receipts.first?.body["acceptedThrough"]?.integerValue == 25)
            #expect(try journal.position().ackedThrough == 26, "the receipt record itself went up too, and no receipt for it alone")
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        await client.shutdown()
    }

    @Test("a receipt signed by another key is an uplink fault: the batch is not acknowledged and no receipt is journaled")
    func foreignReceiptKey() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()], receiptKey: TestKeys.other)
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url, extra: Self.pinned))
        try await agent.append(10)
        let output = try await agent.push(timeout: 20)
        #expect(output.status == 1)
        #expect(output.stderr.contains("LA-UPLINK-009"), "\(output.stderr)")
        #expect(output.stderr.contains("not the pinned central key"), "\(output.stderr)")
        #expect(try agent.status().ackedThrough == 0)
        let faults = try Self.records(agent, kind: .uplinkFault)
        #expect(faults.map { $0.body["code"]?.stringValue } == ["uplink.receipt"])
        #expect(faults.first?.body["error"]?.stringValue == "foreign-receipt-key")
        #expect(try Self.records(agent, kind: .uplinkReceipt).isEmpty)
    }

    @Test("a receipt corrupted on the way, or left out, is refused; the resend is stored once and receipted")
    func corruptedReceipt() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: Self.pinned))
        try await agent.append(10)
        try await proxy.inject([["type": "alter-receipt", "set": ["sha256": .string(String(repeating: "0", count: 64))]],
                                ["type": "alter-receipt", "set": ["receipt": .null]]])
        for expected in ["bad-receipt-signature", "no-receipt"] {
            let output = try await agent.push(timeout: 20)
            #expect(output.status == 1 && output.stderr.contains("LA-UPLINK-009"), "\(output.stderr)")
            #expect(try Self.records(agent, kind: .uplinkFault).last?.body["error"]?.stringValue == expected)
            #expect(try agent.status().ackedThrough == 0)
        }
        #expect(try Self.records(agent, kind: .uplinkReceipt).isEmpty)

        let output = try await agent.push()
        #expect(output.status == 0, "\(output.stderr)")
        #expect(try Self.records(agent, kind: .uplinkFaultCleared).count == 1)
        let receipt = try BatchReceipt(json: try #require(try Self.records(agent, kind: .uplinkReceipt).last).body)
        #expect(receipt.acceptedThrough == (try agent.status().lastSeq) - 1)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
    }

    @Test("journal verify proves an export through its newest receipt, says which key it used, and fails on a foreign one")
    func verifyWithReceipt() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()], extra: ["--instance", "central-a"])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url, extra: Self.pinned))
        try await agent.append(20)
        #expect(try await agent.push().status == 0)
        try await agent.append(2)

        let anchored = try await Self.verifyExport(agent, ["--config", agent.configPath])
        #expect(anchored.status == 0, "\(anchored.stdout)\(anchored.stderr)")
        #expect(anchored.stdout.contains("receipt: records 1..20 acknowledged by central (instance central-a, "), "\(anchored.stdout)")
        #expect(anchored.stdout.contains("checked with [uplink] central_key of \(agent.configPath)"))
        #expect(anchored.stdout.contains("unproven by a receipt: records 21..23"), "\(anchored.stdout)")

        let devicePublicKey = Data(agent.key.publicKeyBytes).base64EncodedString()
        let keyed = try await Self.verifyExport(agent, ["--pubkey", devicePublicKey, "--central-key", TestKeys.centralPublicKey])
        #expect(keyed.status == 0)
        #expect(keyed.stdout.contains("receipt: records 1..20 acknowledged by central") && keyed.stdout.contains("checked with --central-key"))
        let unchecked = try await Self.verifyExport(agent, ["--pubkey", devicePublicKey])
        #expect(unchecked.status == 0)
        #expect(unchecked.stdout.contains("receipts: not checked: no central key"))

        let otherKey = Data(TestKeys.other.publicKeyBytes).base64EncodedString()
        let foreign = try await Self.verifyExport(agent, ["--pubkey", devicePublicKey, "--central-key", otherKey])
        #expect(foreign.status == 1)
        #expect(foreign.stderr.contains("receipt record seq 21 is not central's receipt for this chain"), "\(foreign.stderr)")

        let live = try await CommandRunner.laneagent(["journal", "verify", "--config", agent.configPath])
        #expect(live.status == 0, "\(live.stderr)")
        #expect(live.stdout.contains("receipt: records 1..20 acknowledged by central"), "\(live.stdout)")
    }

    @Test("journal verify says the tail is unproven without a receipt, and fails on a receipt that names another record")
    func verifyWithoutOrForgedReceipt() async throws {
        let agent = try TestAgent(extraConfig: uplinkConfig("http://127.0.0.1:1/", extra: Self.pinned))
        try await agent.append(5)
        let unreceipted = try await Self.verifyExport(agent, ["--config", agent.configPath])
        #expect(unreceipted.status == 0)
        #expect(unreceipted.stdout.contains("receipt: none: the tail is unproven: no receipt"), "\(unreceipted.stdout)")

        // A receipt central signed, but for a record this chain does not hold at that seq.
        let journal = try agent.openJournal()
        let forged = BatchReceipt.sign(device: testDevice, acceptedThrough: 5, sha256: Array(repeating: 1, count: 32), time: .now(), instance: "central-a",
                                       key: TestKeys.central)
        try await journal.append(.uplinkReceipt, body: forged.jsonValue)
        journal.close()
        let refused = try await Self.verifyExport(agent, ["--config", agent.configPath])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("line 6: receipt record seq 6 is not central's receipt for this chain"), "\(refused.stderr)")
        #expect(refused.stderr.contains("does not match the records"), "\(refused.stderr)")
    }
}
