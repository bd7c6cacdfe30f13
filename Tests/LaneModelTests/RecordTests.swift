import LaneModel
import Testing

@Suite("Records")
struct RecordTests {
    static let sample = Record(
        id: "01900000-0000-7000-8000-000000000000", device: "HN1119-C03", site: "huu-nghi-1119", lane: "cargo-1",
        seq: 7, prev: String(repeating: "ab", count: 32), time: Timestamp(millisecondsSinceEpoch: 1_795_420_800_000),
        clock: .synced, kind: "crossing.decision", body: ["decision": "REFER", "reasons": ["weight.mismatch"], "z": nil])

    @Test("the hand-written record writer equals the generic canonical encoder")
    func writerMatchesEncoder() {
        #expect(Self.sample.canonicalBytes() == CanonicalJSON.encode(Self.sample.jsonValue))
        var agentWide = Self.sample
        agentWide.lane = nil
        #expect(agentWide.canonicalBytes() == CanonicalJSON.encode(agentWide.jsonValue))
    }

    @Test("a record parses back from its payload")
    func parsesBack() throws {
        let parsed = try Record(parsing: try JSONParser.parse(Self.sample.canonicalBytes()))
        #expect(parsed == Self.sample)
    }

    @Test("a payload with a wrong field is refused, naming the field", arguments: [
        (#""seq":7"#, #""seq":0"#, "seq"),
        (#""v":1"#, #""v":2"#, "\"v\""),
        (#""clock":"synced""#, #""clock":"maybe""#, "clock"),
        (#""time":"2026-11-23T08:00:00.000Z""#, #""time":"yesterday""#, "time"),
    ])
    func refuses(original: String, replacement: String, field: String) throws {
        let text = String(decoding: Self.sample.canonicalBytes(), as: UTF8.self).replacingOccurrences(of: original, with: replacement)
        #expect(text.contains(replacement))
        #expect {
            _ = try Record(parsing: try JSONParser.parse(Array(text.utf8)))
        } throws: { error in
            (error as? RecordFormatError)?.description.contains(field) == true
        }
    }
}
