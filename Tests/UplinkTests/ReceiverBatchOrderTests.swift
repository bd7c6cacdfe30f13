import AgentTesting
import AsyncHTTPClient
import ClearanceProtocol
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import NIOCore
import Records
import Testing

/// An uploader keeps two batches in flight, and the second can reach the receiver while the
/// first is still arriving: the receiver stores it after the first, or answers it by what the
/// first left behind, never `409 gap` for being early.
@Suite("clearance-receiver orders overtaking batches", .serialized)
struct ReceiverBatchOrderTests {
    /// A batch upload whose body the test lets through in two parts.
    struct HeldUpload {
        let response: Task<HTTP.Response, any Error>
        private let rest: [UInt8]
        private let body: AsyncStream<ByteBuffer>.Continuation

        init(_ base: String, lines: [[UInt8]], key: String) {
            var ndjson: [UInt8] = []
            for line in lines { ndjson += line + [UInt8(ascii: "\n")] }
            let gzip = Gzip.compress(ndjson)
            let (stream, body) = AsyncStream.makeStream(of: ByteBuffer.self)
            body.yield(ByteBuffer(bytes: gzip[..<(gzip.count / 2)]))
            rest = Array(gzip[(gzip.count / 2)...])
            self.body = body
            response = Task {
                var request = HTTPClientRequest(url: base + "v1/records:batch")
                request.method = .POST
                request.headers.add(name: "Content-Type", value: "application/x-ndjson")
                request.headers.add(name: "Content-Encoding", value: "gzip")
                request.headers.add(name: "Idempotency-Key", value: key)
                request.body = .stream(stream, length: .known(Int64(gzip.count)))
                let response = try await HTTPClient.shared.execute(request, timeout: .seconds(90))
                let bytes = try await response.body.collect(upTo: 1 << 20)
                return HTTP.Response(status: Int(response.status.code), headers: [], body: Array(bytes.readableBytesView))
            }
        }

        func release() {
            body.yield(ByteBuffer(bytes: rest))
            body.finish()
        }
    }

    private func post(_ base: String, lines: ArraySlice<[UInt8]>, key: String) async throws -> HTTP.Response {
        var ndjson: [UInt8] = []
        for line in lines { ndjson += line + [UInt8(ascii: "\n")] }
        return try await HTTP.send("POST", base + "v1/records:batch",
                                   headers: [("Content-Type", "application/x-ndjson"), ("Content-Encoding", "gzip"), ("Idempotency-Key", key)],
                                   body: Gzip.compress(ndjson))
    }

    /// A receiver knowing the test device, and 20 of that device's records.
    private func receiverAndRecords() async throws -> (ReceiverProcess, [[UInt8]]) {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent()
        try await agent.append(20)
        return (receiver, try agent.journalLines())
    }

    @Test("a batch that overtakes its device's earlier one waits for it and is stored after it")
    func overtakingBatchIsStoredAfterTheFirst() async throws {
        let (receiver, lines) = try await receiverAndRecords()

        let first = HeldUpload(receiver.url, lines: Array(lines[0..<10]), key: "\(testDevice):1-10")
        // Long enough for the receiver to have read the first batch's head and begun it.
        try await Task.sleep(for: .seconds(1))
        let second = Task { try await post(receiver.url, lines: lines[10..<20], key: "\(testDevice):11-20") }
        try await Task.sleep(for: .milliseconds(500))
        let stateWhileHeld = try #require(try await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)").json)
        #expect(stateWhileHeld["records"]?.integerValue == 0, "nothing is stored before the first batch has arrived")

        first.release()
        let firstReply = try await first.response.value
        let secondReply = try await second.value
        #expect(firstReply.status == 200)
        #expect(firstReply.json?["acceptedThrough"]?.integerValue == 10)
        #expect(secondReply.status == 200, "the early batch waited instead of answering a gap: \(secondReply.text)")
        #expect(secondReply.json?["acceptedThrough"]?.integerValue == 20)
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == lines)
    }

    @Test("when the earlier batch is refused, the one that overtook it gets the gap at once, not after the wait limit")
    func overtakingBatchAfterARefusal() async throws {
        let (receiver, lines) = try await receiverAndRecords()
        var tampered = try Envelope(parsing: lines[4])
        tampered.signatures[0].signature[0] ^= 0x01

        let first = HeldUpload(receiver.url, lines: Array(lines[0..<4]) + [tampered.encoded()] + Array(lines[5..<10]), key: "\(testDevice):1-10")
        try await Task.sleep(for: .seconds(1))
        let started = ContinuousClock.now
        let second = Task { try await post(receiver.url, lines: lines[10..<20], key: "\(testDevice):11-20") }
        try await Task.sleep(for: .milliseconds(300))
        first.release()
        let firstReply = try await first.response.value
        let secondReply = try await second.value
        #expect(firstReply.status == 400)
        #expect(firstReply.json?["error"] == "bad-signature")
        #expect(secondReply.status == 409)
        #expect(secondReply.json?["error"] == "gap")
        #expect(secondReply.json?["expectedSeq"]?.integerValue == 1)
        // The receiver holds an early batch for up to 30 s; a refusal must release it at once.
        #expect(started.duration(to: .now) < .seconds(20))
    }

    @Test("a stranger who opens an upload with a lower firstSeq and stalls holds the device's real batches only briefly")
    func stalledStrangerDoesNotHoldRealBatches() async throws {
        let (receiver, lines) = try await receiverAndRecords()
        // No signature is needed to open an upload: only a registered device's name.
        let stalled = HeldUpload(receiver.url, lines: Array(lines[0..<1]), key: "\(testDevice):1-1")
        try await Task.sleep(for: .seconds(1))
        #expect(try await post(receiver.url, lines: lines[0..<10], key: "\(testDevice):1-10").status == 200)
        let started = ContinuousClock.now
        let second = try await post(receiver.url, lines: lines[10..<20], key: "\(testDevice):11-20")
        #expect(second.status == 200, "\(second.text)")
        // The old code held it for the full 30 s wait; now a batch still arriving holds it 10 s.
        #expect(started.duration(to: .now) < .seconds(25))
        stalled.response.cancel()
    }
}
