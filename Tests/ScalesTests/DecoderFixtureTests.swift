import DeviceKit
import Foundation
import LaneModel
import Scales
import Testing

/// One line of a driver's `Fixtures/frames.jsonl`.
struct FrameVector: Sendable, CustomTestStringConvertible {
    let driver: String
    let name: String
    let bytes: [UInt8]
    let frames: [JSONValue]
    let errors: Int
    let checksum: Bool

    var testDescription: String { "\(driver): \(name)" }

    /// Where the driver folders are, from this file's place in the repository.
    static let scalesFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers/Scales").standardized.path

    static func load(_ driver: ScaleDriver) -> [FrameVector] {
        let path = "\(scalesFolder)/\(driver.folder)/Fixtures/frames.jsonl"
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty }.map { line in
            let object = try! JSONParser.parse(Array(line.utf8))
            // A third-party capture is kept verbatim in its own file; `wrap` adds framing bytes
            // the publisher left out (`stx-cr`, `stx-etx`), which are ours.
            let text = object["hexFile"].map { file in
                try! String(contentsOfFile: "\(scalesFolder)/\(driver.folder)/Fixtures/\(file.stringValue!)", encoding: .utf8)
            } ?? object["hex"]!.stringValue!
            var hex = text.split(whereSeparator: \.isWhitespace).joined()
            switch object["wrap"]?.stringValue {
            case "stx-cr"?: hex = "02" + hex + "0d"
            case "stx-etx"?: hex = "02" + hex + "03"
            default: break
            }
            var checksum = true
            if case .bool(let flag)? = object["options"]?["checksum"] { checksum = flag }
            guard case .array(let frames)? = object["frames"] else { fatalError("\(path): \(line) has no frames array") }
            return FrameVector(driver: driver.name, name: object["name"]!.stringValue!, bytes: Hex.decode(hex)!,
                               frames: frames, errors: object["errors"]!.integerValue!, checksum: checksum)
        }
    }

    static let all: [FrameVector] = ScaleDrivers.all.flatMap(load)
}

@Suite("Scale decoders against their recorded fixtures")
struct DecoderFixtureTests {
    @Test("every fixture decodes the same whole, byte by byte and in random splits", arguments: FrameVector.all)
    func fixture(_ vector: FrameVector) throws {
        var harness = DecoderHarness(driver: try #require(ScaleDrivers.named(vector.driver)))
        harness.options.checksum = vector.checksum
        let seed = vector.name.utf8.reduce(UInt64(vector.bytes.count)) { $0 &* 31 &+ UInt64($1) }
        for chunking in DecoderHarness.chunkings(of: vector.bytes.count, seed: seed) {
            let result = harness.decode(vector.bytes, chunks: chunking.chunks)
            #expect(result.frames.map(Self.json) == vector.frames, "\(chunking.name)")
            #expect(result.errors.count == vector.errors, "\(chunking.name): \(result.errors)")
        }
    }

    /// A frame as the fixtures write it.
    static func json(_ frame: ScaleFrame) -> JSONValue {
        var members: [String: JSONValue] = [
            "weightKg": frame.weightKg.map(JSONValue.number) ?? .null, "status": .string(frame.status.rawValue),
            "stable": frame.stable.map(JSONValue.bool) ?? .null, "gross": frame.gross.map(JSONValue.bool) ?? .null,
        ]
        if let reply = frame.reply { members["reply"] = .string(reply) }
        return .object(members)
    }

    @Test("the Yaohua weighbridge log's 1,560 kg frame decodes to 1,560 kg")
    func yaohuaExample() throws {
        var decoder = YaohuaXK3190Decoder()
        let steps = decoder.decode([0x02, 0x2b, 0x30, 0x30, 0x31, 0x35, 0x36, 0x30, 0x30, 0x31, 0x39, 0x03])
        guard case .frame(let frame, _)? = steps.first else { Issue.record("no frame: \(steps)"); return }
        #expect(steps.count == 1)
        #expect(frame.weightKg == 1560)
        #expect(frame.stable == nil)
    }
}
