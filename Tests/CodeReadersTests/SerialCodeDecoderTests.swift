import CodeReaders
import DeviceKit
import LaneModel
import Testing

/// One line of `SerialCode/Fixtures/lines.jsonl`.
struct LineVector: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let codes: [String]
    let errors: Int

    var testDescription: String { name }

    static let all: [LineVector] = FixtureFile.lines("SerialCode", "lines.jsonl").map { line in
        LineVector(name: line["name"]!.stringValue!, bytes: Hex.decode(line["hex"]!.stringValue!.split(separator: " ").joined())!,
                   codes: line["codes"]!.arrayStrings, errors: line["errors"]!.integerValue!)
    }
}

extension JSONValue {
    /// The strings of an array of strings.
    var arrayStrings: [String] {
        guard case .array(let items) = self else { return [] }
        return items.compactMap(\.stringValue)
    }
}

@Suite("serial-code: lines to codes")
struct SerialCodeDecoderTests {
    @Test("every fixture decodes the same whole, byte by byte and in random splits", arguments: LineVector.all)
    func fixture(_ vector: LineVector) {
        for chunking in Chunking.all(for: vector.bytes.count, seed: Chunking.seed(vector.name)) {
            let result = chunking.feed(vector.bytes, to: SerialCodeDecoder())
            #expect(result.frames == vector.codes, "\(chunking)")
            #expect(result.raws == vector.codes.map { Array($0.utf8) }, "\(chunking)")
            #expect(result.errors.count == vector.errors, "\(chunking): \(result.errors)")
        }
    }

    @Test("a code that is not UTF-8 is refused with the offset of the first bad byte")
    func invalidUTF8() {
        var decoder = SerialCodeDecoder()
        let steps = decoder.decode([0x41, 0x42, 0xB9, 0xF0, 0x0D])
        guard case .error(let error)? = steps.first else { Issue.record("\(steps)"); return }
        #expect(error.reason.contains("not UTF-8") && error.reason.contains("byte 2") && error.reason.contains("0xb9"))
        #expect(error.bytes == [0x41, 0x42, 0xB9, 0xF0])
    }

    @Test("an overlong line reports its first 64 bytes and the limit, once")
    func overlong() {
        var decoder = SerialCodeDecoder(maximumLength: 10)
        let steps = decoder.decode(Array(repeating: UInt8(ascii: "A"), count: 100) + [0x0D] + Array("OK\r".utf8))
        #expect(steps.count == 2)
        guard case .error(let error)? = steps.first, case .frame(let code, _)? = steps.last else { Issue.record("\(steps)"); return }
        #expect(error.reason.contains("longer than 10 bytes") && error.bytes.count == 11)
        #expect(code == "OK")
    }

    @Test("the session makes code readings with transport serial, stamped with the arrival time")
    func session() {
        var session = CodeReaderDrivers.serialCodeSession(device: "qr-1")
        session.append(Array("ABC\r\n".utf8))
        let time = ReceiveTime(wall: Timestamp(millisecondsSinceEpoch: 1_740_000_000_000), monotonicMilliseconds: 5)
        guard case .frame(let reading, let raw)? = session.next(at: time) else { Issue.record("no reading"); return }
        #expect(reading == Reading(device: "qr-1", time: time.wall, detail: .code(CodeRead(text: "ABC", transport: "serial"))))
        #expect(raw == Array("ABC".utf8))
        #expect(session.next(at: time) == nil)
        #expect(session.poll == nil)
    }
}
