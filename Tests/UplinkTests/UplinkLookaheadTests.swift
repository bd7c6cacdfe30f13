import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import Testing
import Uplink

/// The uploader reads, compresses and sends the next batch while one is in flight. The answer to
/// a batch sent ahead must never count after the receiver asked for something else: after a
/// `409 gap`, a `413` or a failed request the next batch starts where the receiver wants it,
/// nothing skipped and nothing acknowledged without a `200` for it.
@Suite("Uplink lookahead", .serialized)
struct UplinkLookaheadTests {
    /// The Idempotency-Keys of the batches the proxy saw, in order, with the status each got.
    private func exchanges(_ proxy: FaultProxy) throws -> [(key: String, status: Int)] {
        // The proxy records an exchange after its answer has gone out, so the last line may still
        // be being written when the uploader is done: read again until every line is whole.
        var text = (try? String(contentsOfFile: proxy.recording, encoding: .utf8)) ?? ""
        for _ in 0..<100 where !text.isEmpty && !text.hasSuffix("\n") {
            usleep(50_000)
            text = (try? String(contentsOfFile: proxy.recording, encoding: .utf8)) ?? ""
        }
        return try text.split(separator: "\n").compactMap { line in
            let entry = try JSONParser.parse(Array(line.utf8))
            guard case .string(let target)? = entry["target"], target.hasSuffix("/v1/records:batch"),
                  case .object(let headers)? = entry["requestHeaders"],
                  case .string(let key)? = headers.first(where: { $0.key.lowercased() == "idempotency-key" })?.value
            else { return nil }
            return (key, entry["status"]?.integerValue ?? 0)
        }
    }

    /// A receiver behind the fault proxy, with `fault` injected, and an agent with `records`
    /// to upload in batches of 200 by an uploader the test steps through.
    private struct Rig {
        let receiver: ReceiverProcess
        let proxy: FaultProxy
        let agent: TestAgent
        let journal: Journal
        let uploader: Uploader
        let client: ClearanceClient

        init(records: Int, fault: JSONValue) async throws {
            receiver = try await ReceiverProcess(registryLines: [registryLine()])
            proxy = try await FaultProxy(upstreamPort: receiver.port)
            agent = try TestAgent(extraConfig: uplinkConfig(proxy.url, extra: "batch_max_records = 200"))
            try await agent.append(records)
            journal = try agent.openJournal()
            client = try ClearanceClient(settings: try agent.config.requireUplink())
            uploader = try Uploader(journal: journal, client: client, logger: Logger(label: "test"))
            try await proxy.inject([fault])
        }
    }

    /// The `200`s cover 1…`count` with no hole, and the journal's copy is exact.
    private func expectCovered(_ proxy: FaultProxy, _ agent: TestAgent, _ receiver: ReceiverProcess, count: Int) async throws {
        var covered = Array(repeating: false, count: count + 1)
        for exchange in try exchanges(proxy) where exchange.status == 200 {
            let range = try #require(exchange.key.split(separator: ":").last?.split(separator: "-").compactMap { Int($0) })
            for seq in range[0]...range[1] { covered[seq] = true }
        }
        #expect(covered.dropFirst().allSatisfy { $0 }, "every record was in a batch the receiver accepted")
        #expect(try agent.status().ackedThrough == count)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == (try agent.journalLines()))
        let state = try #require(try await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)").json)
        #expect(state["records"]?.integerValue == count)
    }

    /// Steps until nothing is left. A batch sent ahead can reach the receiver before the one in
    /// flight and be answered `409 gap` for it; the uploader resends, so `.resend` is a step on.
    private func drain(_ uploader: Uploader) async -> Uploader.Step {
        await drainSteps(uploader).last ?? .idle
    }

    /// Every step `drain` takes, the last being the one it stopped at.
    private func drainSteps(_ uploader: Uploader) async -> [Uploader.Step] {
        var steps: [Uploader.Step] = []
        for _ in 0..<100 {
            let step = await uploader.step()
            steps.append(step)
            switch step {
            case .acknowledged, .resend: continue
            default: return steps
            }
        }
        return steps + [await uploader.step()]
    }

    @Test("a 409 gap for the batch sent ahead: resent from expectedSeq, not acknowledged past it")
    func gapForBatchSentAhead() async throws {
        // Records 1-200 pass; 201-400, sent while they are in flight, get the gap a receiver
        // that lost records 101-200 would answer.
        let rig = try await Rig(records: 1000, fault: ["type": "status", "status": 409, "body": ["error": "gap", "device": .string(testDevice), "expectedSeq": 101],
                                                       "key": .string("\(testDevice):201-400")])
        let (receiver, proxy, agent, journal, uploader, client) = (rig.receiver, rig.proxy, rig.agent, rig.journal, rig.uploader, rig.client)
        defer { journal.close() }

        #expect(await uploader.step() == .acknowledged(through: 200))
        #expect(await uploader.step() == .resend(from: 101))
        #expect(await uploader.lookaheadUsed == 1, "the second batch was the one sent during the first")
        #expect(try journal.status().ackedThrough == 200)
        #expect(await uploader.step() == .acknowledged(through: 300))
        #expect(await drain(uploader) == .idle)
        await client.shutdown()

        let seen = try exchanges(proxy)
        // The proxy records answers as they complete, so the first two come in either order.
        #expect(Set(seen.prefix(2).map { "\($0.key) \($0.status)" }) == ["\(testDevice):1-200 200", "\(testDevice):201-400 409"])
        #expect(seen.contains { $0.key == "\(testDevice):101-300" && $0.status == 200 })
        try await expectCovered(proxy, agent, receiver, count: 1000)
        #expect(await uploader.lookaheadUsed >= 4, "the drain after the gap sent batches ahead again")
    }

    @Test("a 413 for the batch sent ahead: the batch is halved and nothing at the old size counts")
    func tooLargeForBatchSentAhead() async throws {
        let rig = try await Rig(records: 600, fault: ["type": "status", "status": 413, "body": ["error": "too-large", "limitBytes": 1000],
                                                      "key": .string("\(testDevice):201-400")])
        let (receiver, proxy, agent, journal, uploader, client) = (rig.receiver, rig.proxy, rig.agent, rig.journal, rig.uploader, rig.client)
        defer { journal.close() }

        #expect(await uploader.step() == .acknowledged(through: 200))
        #expect(await uploader.step() == .resend(from: 201))
        #expect(await uploader.step() == .acknowledged(through: 300))
        let steps = await drainSteps(uploader)
        #expect(steps.last == .idle)
        await client.shutdown()

        // What counts is what the uploader took as acknowledged: after the 413, never more
        // than the halved 100 records a step.
        var acknowledged = 300
        for case .acknowledged(let through) in steps {
            #expect(through - acknowledged <= 100, "acknowledged \(acknowledged + 1)-\(through) at the old size after the 413: \(steps)")
            acknowledged = through
        }
        #expect(acknowledged == 600)

        let seen = try exchanges(proxy)
        #expect(Set(seen.prefix(2).map { "\($0.key) \($0.status)" }) == ["\(testDevice):1-200 200", "\(testDevice):201-400 413"])
        // 401-600 went out ahead while 201-400 was in flight. Its request is cancelled when the
        // 413 comes back, but under load it may already be on its way and the receiver may take
        // it once 400 is stored; the uploader ignores that answer. Every batch read after the
        // 413 is halved.
        let sentAfterRefusal = seen.dropFirst(2).map(\.key).filter { $0 != "\(testDevice):401-600" }
        #expect(sentAfterRefusal.allSatisfy { key in
            let range = key.split(separator: ":").last!.split(separator: "-").compactMap { Int($0) }
            return range.count == 2 && range[1] - range[0] + 1 <= 100
        }, "only halved batches were sent after the 413: \(sentAfterRefusal)")
        try await expectCovered(proxy, agent, receiver, count: 600)
    }

    @Test("a failed request with a batch sent ahead: the same batch again, then the rest in order")
    func failureResendsSameBatch() async throws {
        let rig = try await Rig(records: 600, fault: ["type": "status", "status": 500, "key": .string("\(testDevice):201-400")])
        let (receiver, proxy, agent, journal, uploader, client) = (rig.receiver, rig.proxy, rig.agent, rig.journal, rig.uploader, rig.client)
        defer { journal.close() }

        #expect(await uploader.step() == .acknowledged(through: 200))
        guard case .wait = await uploader.step() else {
            Issue.record("a 500 is a transient failure")
            return
        }
        #expect(try journal.status().ackedThrough == 200, "no acknowledgement without a 200")
        #expect(await uploader.step() == .acknowledged(through: 400))
        #expect(await drain(uploader) == .idle)
        await client.shutdown()

        let seen = try exchanges(proxy)
        #expect(Set(seen.prefix(2).map { "\($0.key) \($0.status)" }) == ["\(testDevice):1-200 200", "\(testDevice):201-400 500"])
        #expect(seen.filter { $0.key == "\(testDevice):201-400" }.map(\.status).suffix(1) == [200], "201-400 sent again and accepted")
        try await expectCovered(proxy, agent, receiver, count: 600)
    }
}
