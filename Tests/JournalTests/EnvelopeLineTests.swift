import Foundation
@testable import Journal
import LaneAgentTesting
import LaneModel
@testable import Records
import Testing

/// The direct reader of envelope lines must accept exactly what the JSON parser reads the same
/// way, and hand everything else to it.
@Suite("Envelope line reader")
struct EnvelopeLineTests {
    @Test("lines as the journal writes them are read directly, identical to the JSON parser's reading")
    func readsEncodedLines() throws {
        for line in ChainVerifierTests.lines(count: 20) {
            let direct = try #require(EnvelopeLine.parse(line))
            #expect(direct == (try Envelope.parsingTree(line)))
            #expect(direct.encoded() == line)
        }
        let two = Envelope(payloadType: "t", payload: Array("{}".utf8),
                           signatures: [.init(keyID: "k1", signature: [1, 2, 3]), .init(keyID: "k2", signature: [4, 5])])
        #expect(EnvelopeLine.parse(two.encoded()) == two)
        let empty = Envelope(payloadType: "t", payload: [], signatures: [.init(keyID: "k", signature: [0xFF])])
        #expect(EnvelopeLine.parse(empty.encoded()) == empty)
    }

    @Test("other layouts are left to the JSON parser, which still reads or refuses them",
          arguments: [
              #"{"payloadType":"t","payload":"e30=","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{ "payload":"e30=","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{"payload":"e30=","payloadType":"t\/x","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{"payload":"e31=","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{"payload":"e30","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{"payload":"e3=0","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
              #"{"payload":"e30=","payloadType":"t","signatures":[]}"#,
              #"{"payload":"e30=","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}]} "#,
              #"{"payload":"e30=","payloadType":"t","signatures":[{"keyid":"k","sig":"AQ=="}],"x":1}"#,
              #"{"payload":"e30=","payloadType":"é","signatures":[{"keyid":"k","sig":"AQ=="}]}"#,
          ])
    func leavesOtherLayoutsToTheParser(_ text: String) {
        let bytes = Array(text.utf8)
        #expect(EnvelopeLine.parse(bytes) == nil)
        let viaInit = try? Envelope(parsing: bytes)
        #expect(viaInit == (try? Envelope.parsingTree(bytes)))
    }

    @Test("a direct reading always equals the JSON parser's, over random mutations of a line")
    func mutationsAgree() throws {
        let line = ChainVerifierTests.lines(count: 1)[0]
        var state: UInt64 = 0xE1E1_0A0A
        func next() -> Int {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return Int(truncatingIfNeeded: state >> 33)
        }
        let alphabet = Array(#"{}[]",:=+/AZaz09 \"é"#.utf8)
        var direct = 0
        for _ in 0..<5000 {
            var bytes = line
            let position = next() % bytes.count
            switch next() % 3 {
            case 0: bytes[position] = alphabet[next() % alphabet.count]
            case 1: bytes.insert(alphabet[next() % alphabet.count], at: position)
            default: bytes.remove(at: position)
            }
            guard let fast = EnvelopeLine.parse(bytes) else { continue }
            direct += 1
            #expect(fast == (try? Envelope.parsingTree(bytes)), "\(String(decoding: bytes, as: UTF8.self))")
        }
        #expect(direct > 100)
    }
}
