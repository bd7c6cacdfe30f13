import CodeReaders
import DeviceKit
import LaneModel
import Testing

/// One line of `HIDCode/Fixtures/keystrokes.jsonl`.
struct KeystrokeVector: Sendable, CustomTestStringConvertible {
    let name: String
    let eventSize: Int
    let bytes: [UInt8]
    let codes: [String]
    let errors: Int

    var testDescription: String { name }

    static let all: [KeystrokeVector] = FixtureFile.lines("HIDCode", "keystrokes.jsonl").map { line in
        KeystrokeVector(name: line["name"]!.stringValue!, eventSize: line["eventSize"]!.integerValue!,
                        bytes: Hex.decode(line["hex"]!.stringValue!.split(separator: " ").joined())!,
                        codes: line["codes"]!.arrayStrings, errors: line["errors"]!.integerValue!)
    }
}

@Suite("hid-code: key events to codes")
struct EvdevKeyDecoderTests {
    @Test("every fixture decodes the same whole, byte by byte and in random splits", arguments: KeystrokeVector.all)
    func fixture(_ vector: KeystrokeVector) {
        for chunking in Chunking.all(for: vector.bytes.count, seed: Chunking.seed(vector.name)) {
            let result = chunking.feed(vector.bytes, to: EvdevKeyDecoder(eventSize: vector.eventSize))
            #expect(result.frames == vector.codes, "\(chunking)")
            #expect(result.errors.count == vector.errors, "\(chunking): \(result.errors)")
            #expect(result.errors.allSatisfy { $0.bytes.count == vector.eventSize })
        }
    }

    @Test("what the encoder types, the decoder reads back", arguments: [
        "8938505974194", "https://dichvucong.gov.vn/p/?id=A1B2C3&x=~|{}", "0109501101020917\u{1D}10ABC", "Tab\there", " !\"#$%&'()*+,-./:;<=>?@[\\]^_`",
    ])
    func roundTrip(_ code: String) throws {
        let bytes = try #require(KeystrokeEncoder.bytes(typing: code))
        var decoder = EvdevKeyDecoder()
        #expect(decoder.decode(bytes) == [.frame(code, raw: Array(code.utf8))])
    }

    @Test("characters with no key on a US keyboard cannot be typed")
    func untypeable() {
        #expect(KeystrokeEncoder.events(typing: "Nguyễn") == nil)
        #expect(KeystrokeEncoder.events(typing: "桂A") == nil)
    }

    @Test("a code longer than the limit is refused once and skipped to its Enter")
    func overlong() throws {
        var decoder = EvdevKeyDecoder(maximumLength: 5)
        let steps = decoder.decode(try #require(KeystrokeEncoder.bytes(typing: "ABCDEFGH")) + KeystrokeEncoder.bytes(typing: "OK")!)
        #expect(steps.count == 2)
        guard case .error(let error)? = steps.first else { Issue.record("\(steps)"); return }
        #expect(error.reason.contains("longer than 5 characters") && error.reason.contains("after 5 characters"))
        #expect(steps.last == .frame("OK", raw: Array("OK".utf8)))
    }

    @Test("the input_event layout: 24 bytes on 64-bit, little-endian type, code, value")
    func recordLayout() {
        let event = InputEvent(seconds: 1, microseconds: 2, type: 1, code: 30, value: -1)
        #expect(InputEvent.nativeSize == 24)
        #expect(event.bytes() == [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 1, 0, 30, 0, 0xFF, 0xFF, 0xFF, 0xFF])
        #expect(event.bytes(size: 16) == [1, 0, 0, 0, 2, 0, 0, 0, 1, 0, 30, 0, 0xFF, 0xFF, 0xFF, 0xFF])
    }

    @Test("the session makes code readings with transport hid")
    func session() throws {
        var session = CodeReaderDrivers.hidCodeSession(device: "qr-2")
        session.append(try #require(KeystrokeEncoder.bytes(typing: "X1")))
        let time = ReceiveTime(wall: Timestamp(millisecondsSinceEpoch: 1_740_000_000_000), monotonicMilliseconds: 0)
        guard case .frame(let reading, _)? = session.next(at: time) else { Issue.record("no reading"); return }
        #expect(reading.detail == .code(CodeRead(text: "X1", transport: "hid")) && reading.device == "qr-2")
    }
}
