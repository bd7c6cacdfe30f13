import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// Every record fits the upload contract by construction: a body over the cap becomes a
/// `record.oversized` record, and the largest body kept makes an envelope under the bound.
@Suite("Record size limits")
struct RecordLimitsTests {
    @Test("a body over 64 KiB is recorded as record.oversized naming its kind, size and hash")
    func oversized() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        defer { journal.close() }
        let body: JSONValue = ["plate": .string(String(repeating: "A", count: 8 * 1_048_576))]
        let sealed = try await journal.append(kind: "reading.plate", lane: "C1", body: body)
        #expect(sealed.record.kind == RecordLimits.oversizedKind)
        #expect(sealed.record.lane == "C1")
        #expect(sealed.record.body["kind"] == "reading.plate")
        let encoded = CanonicalJSON.encode(body)
        #expect(sealed.record.body["bytes"]?.integerValue == encoded.count)
        #expect(sealed.record.body["sha256"]?.stringValue == Hex.encode(SHA256.hash(data: encoded)))
        #expect(sealed.envelope.count < 1024)
    }

    @Test("the largest body kept, of characters that escape worst, makes an envelope under maximumEnvelopeBytes")
    func largestKept() async throws {
        let board = try TestBoard()
        let journal = try board.openJournal()
        defer { journal.close() }
        // Control characters escape to six bytes each (\u0001) in canonical JSON.
        let escaped = String(repeating: "\u{01}", count: (RecordLimits.maximumBodyBytes - 32) / 6)
        let sealed = try await journal.append(kind: "reading.code", lane: String(repeating: "L", count: 64), body: ["text": .string(escaped)])
        #expect(sealed.record.kind == "reading.code")
        #expect(CanonicalJSON.encode(sealed.record.body).count <= RecordLimits.maximumBodyBytes)
        #expect(sealed.envelope.count <= RecordLimits.maximumEnvelopeBytes, "\(sealed.envelope.count)")
    }
}
