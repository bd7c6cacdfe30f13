import Crypto
import Foundation
@testable import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// Tampering with an export is caught with the right reason at the right line.
@Suite("Verifying exported envelopes")
struct ChainVerifierTests {
    /// Ten chained, signed records as exported lines.
    static func lines(key: DeviceKey = TestKeys.device, count: Int = 10) -> [[UInt8]] {
        var head = ChainHead.genesis
        let sealer = RecordSealer(key: key)
        return (0..<count).map { index in
            let sealed = sealer.sealOne(
                RecordDraft(kind: "bench.reading", lane: "cargo-1", body: ["i": .number(Double(index))]), after: head,
                time: Timestamp(millisecondsSinceEpoch: 1_795_420_800_000 + Int64(index)), clock: .synced,
                id: "id-\(index)", device: "HN1119-C03", site: "huu-nghi-1119")
            head = ChainHead(seq: sealed.record.seq, hash: sealed.payloadHash)
            return sealed.envelope
        }
    }

    /// Verifies `lines`; returns the 1-based failing line and reason, or nil.
    static func firstFailure(_ lines: [[UInt8]], keys: VerificationKeys = VerificationKeys(TestKeys.device)) -> (Int, VerificationReason)? {
        var verifier = ChainVerifier(keys: keys)
        for (index, line) in lines.enumerated() {
            if case .failure(let failure) = verifier.verify(line: line) { return (index + 1, failure.reason) }
        }
        return nil
    }

    /// Re-signs `payload` with `key` as a complete envelope line.
    static func envelope(_ payload: [UInt8], key: DeviceKey = TestKeys.device) -> [UInt8] {
        let pae = Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: payload)
        return Envelope(payloadType: Envelope.recordPayloadType, payload: payload,
                        signatures: [.init(keyID: key.keyID, signature: key.sign(pae))]).encoded()
    }

    static func payload(_ line: [UInt8]) -> [UInt8] { try! Envelope(parsing: line).payload }

    @Test("an untouched export verifies")
    func intact() {
        #expect(Self.firstFailure(Self.lines()) == nil)
    }

    @Test("flipping one byte of a payload is a bad signature")
    func flippedByte() {
        var lines = Self.lines()
        var envelope = try! Envelope(parsing: lines[4])
        envelope.payload[40] ^= 0x01
        lines[4] = envelope.encoded()
        #expect(Self.firstFailure(lines)! == (5, .badSignature))
    }

    @Test("dropping a line is a gap")
    func droppedLine() {
        var lines = Self.lines()
        lines.remove(at: 3)
        #expect(Self.firstFailure(lines)! == (4, .gap))
    }

    @Test("swapping two lines is caught where the order breaks")
    func swappedLines() {
        var lines = Self.lines()
        lines.swapAt(5, 6)
        #expect(Self.firstFailure(lines)! == (6, .gap))
    }

    @Test("a second, different record with a seq already seen is a fork")
    func duplicateSeqDifferentBody() {
        var lines = Self.lines()
        let text = String(decoding: Self.payload(lines[6]), as: UTF8.self).replacingOccurrences(of: #""i":6"#, with: #""i":666"#)
        lines.insert(Self.envelope(Array(text.utf8)), at: 7)
        #expect(Self.firstFailure(lines)! == (8, .fork))
    }

    @Test("replacing a record by a validly signed different one breaks the chain: fork")
    func replacedRecord() {
        var lines = Self.lines()
        let text = String(decoding: Self.payload(lines[2]), as: UTF8.self).replacingOccurrences(of: #""i":2"#, with: #""i":9999"#)
        lines[2] = Self.envelope(Array(text.utf8))
        #expect(Self.firstFailure(lines)! == (4, .fork))
    }

    @Test("the same line twice is a duplicate")
    func repeatedLine() {
        var lines = Self.lines()
        lines.insert(lines[2], at: 3)
        #expect(Self.firstFailure(lines)! == (4, .duplicate))
    }

    @Test("a record signed with another key is an unknown key")
    func otherKey() {
        var lines = Self.lines()
        lines[5] = Self.envelope(Self.payload(lines[5]), key: TestKeys.other)
        #expect(Self.firstFailure(lines)! == (6, .unknownKey))
    }

    @Test("a signed but non-canonical payload is refused")
    func notCanonical() {
        var lines = Self.lines()
        let text = String(decoding: Self.payload(lines[0]), as: UTF8.self).replacingOccurrences(of: #"{"body""#, with: #"{ "body""#)
        lines[0] = Self.envelope(Array(text.utf8))
        #expect(Self.firstFailure(lines)! == (1, .notCanonical))
    }

    @Test("a line that is not JSON is malformed")
    func malformed() {
        var lines = Self.lines()
        lines[1] = Array(#"{"payload": "#.utf8)
        #expect(Self.firstFailure(lines)! == (2, .malformedJSON))
    }

    @Test("the first record of a device must chain from 64 zeros")
    func genesis() {
        let lines = Self.lines()
        let text = String(decoding: Self.payload(lines[0]), as: UTF8.self)
            .replacingOccurrences(of: String(repeating: "0", count: 64), with: String(repeating: "1", count: 64))
        #expect(Self.firstFailure([Self.envelope(Array(text.utf8))])! == (1, .fork))
    }

    @Test("a partial export starting after seq 1 verifies from its first record")
    func partialExport() {
        #expect(Self.firstFailure(Array(Self.lines()[4...])) == nil)
    }
}
