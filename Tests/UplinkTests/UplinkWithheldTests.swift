import AgentTesting
import ClearanceProtocol
import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// A record the receiver will not take even alone once stopped the uplink at that seq for ever.
/// Now the board sends a signed `record.withheld` stand-in in its place, records a fault naming
/// it, and everything after it is uploaded.
@Suite("A record the receiver will not take", .serialized)
struct UplinkWithheldTests {
    @Test("a record over the receiver's limit goes as its signed stand-in; the upload goes on past it and the chain stays whole")
    func withheldRecord() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()], extra: ["--max-body-bytes", "16384"])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        try await agent.append(2)
        // 40 KiB of hex: under the journal's 64 KiB record cap, over the receiver's 16 KiB
        // even compressed (hex halves at best).
        var random = SeededRandom(seed: 7)
        let bulk = Hex.encode((0..<20_480).map { _ in UInt8.random(in: 0...255, using: &random) })
        do {
            let journal = try agent.openJournal()
            defer { journal.close() }
            try await journal.append(kind: "test.bulky", lane: "C1", body: ["blob": .string(bulk)])
        }
        try await agent.append(3)

        let push = try await agent.push()
        #expect(push.status == 0, "\(push.stdout)\n\(push.stderr)")
        let summary = try #require(try? JSONParser.parse(Array(push.stdout.utf8)))
        #expect(summary["acceptedThrough"]?.integerValue == 6, "\(push.stdout)")

        let held = try await HTTP.receiverRecords(receiver.url, device: testDevice)
        #expect(held.count == 6)
        let stand = try Record(parsing: try JSONParser.parse(try Envelope(parsing: held[2]).payload))
        let original = try Envelope(parsing: try agent.journalLines()[2])
        #expect(stand.seq == 3 && stand.kind == WithheldRecord.kind)
        #expect(stand.body["kind"] == "test.bulky")
        #expect(stand.body["sha256"]?.stringValue == Hex.encode(SHA256.hash(data: original.payload)), "the stand-in names the record's payload hash")
        let next = try Record(parsing: try JSONParser.parse(try Envelope(parsing: held[3]).payload))
        #expect(next.prev == stand.body["sha256"]?.stringValue, "the next record links to the withheld one")

        let faults = try agent.records().filter { $0.kind == "uplink.fault" }
        #expect(faults.count == 1)
        #expect(faults.first?.body["code"] == "uplink.withheld" && faults.first?.body["seq"]?.integerValue == 3)

        // Later records and a second push go straight through: the stand-in is remembered.
        try await agent.append(2)
        let again = try await agent.push()
        #expect(again.status == 0, "\(again.stdout)\n\(again.stderr)")
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice).count == 9)
        #expect(try agent.records().filter { $0.kind == "uplink.fault" }.count == 1)
    }

    @Test("a stand-in whose sha256 is not 64 hex digits is refused as malformed")
    func malformedStandIn() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent()
        let journal = try agent.openJournal()
        try await journal.append(kind: WithheldRecord.kind, body: ["kind": "x", "sha256": "not-a-hash"])
        journal.close()
        let line = try #require(try agent.journalLines().first)
        let reply = try await HTTP.send("POST", receiver.url + "v1/records:batch",
                                        headers: [("Content-Type", "application/x-ndjson"), ("Content-Encoding", "gzip"),
                                                  ("Idempotency-Key", "\(testDevice):1-1")], body: Gzip.compress(line + [10]))
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "malformed-envelope")
    }
}
