import CodeReaders
import DeviceKit
import LaneAgentTesting
import LaneModel
import Testing

/// One line of `SerialMRZ/Fixtures/documents.jsonl`.
struct DocumentVector: Sendable, CustomTestStringConvertible {
    let name: String
    let bytes: [UInt8]
    let time: Timestamp
    let utcOffsetMinutes: Int
    let documents: [JSONValue]
    let errors: Int

    var testDescription: String { name }

    static let all: [DocumentVector] = FixtureFile.lines("SerialMRZ", "documents.jsonl").map { line in
        guard case .array(let documents)? = line["documents"] else { fatalError("\(line) has no documents") }
        return DocumentVector(name: line["name"]!.stringValue!, bytes: Array(line["text"]!.stringValue!.utf8),
                              time: Timestamp(rfc3339: line["time"]!.stringValue!)!,
                              utcOffsetMinutes: line["utcOffsetMinutes"]!.integerValue!, documents: documents,
                              errors: line["errors"]!.integerValue!)
    }
}

@Suite("serial-mrz: ICAO 9303 machine-readable zones")
struct MRZTests {
    static let readingTime = Timestamp(rfc3339: "2025-06-01T03:00:00.000Z")!

    @Test("every fixture decodes the same whole, byte by byte and in random splits", arguments: DocumentVector.all)
    func fixture(_ vector: DocumentVector) {
        for chunking in Chunking.all(for: vector.bytes.count, seed: Chunking.seed(vector.name)) {
            let result = chunking.feed(vector.bytes, to: MRZDecoder())
            let documents = result.frames.map { $0.read(at: vector.time, utcOffsetMinutes: vector.utcOffsetMinutes) }
            #expect(documents.map { Self.json($0) } == vector.documents, "\(chunking)")
            #expect(result.errors.count == vector.errors, "\(chunking): \(result.errors)")
        }
    }

    /// A document as the fixtures write it: the record body's fields, without the derived `checksValid`.
    static func json(_ document: DocumentRead) -> JSONValue {
        var members = ReadingDetail.document(document).members
        members["checksValid"] = nil
        return .object(members)
    }

    @Test("ICAO's specimens verify every check digit", arguments: [MRZSpecimen.td3, MRZSpecimen.td1])
    func specimens(_ lines: [String]) throws {
        let document = try Self.decodeOne(lines)
        #expect(document.failedChecks.isEmpty)
        #expect(document.surname == "ERIKSSON" && document.givenNames == "ANNA MARIA")
        #expect(document.birthDate == "1974-08-12" && document.expiryDate == "2012-04-15" && document.expired)
        #expect(document.issuer == "UTO" && document.nationality == "UTO" && document.sex == "F")
    }

    /// Line, column and the fields whose checks fail when the check digit there is changed.
    /// Every field check digit is inside the composite's span, so the composite fails with it.
    static let td3CheckDigits: [(line: Int, column: Int, failed: [String])] = [
        (1, 9, ["number", "composite"]), (1, 19, ["birthDate", "composite"]), (1, 27, ["expiryDate", "composite"]),
        (1, 42, ["optional", "composite"]), (1, 43, ["composite"]),
    ]
    static let td1CheckDigits: [(line: Int, column: Int, failed: [String])] = [
        (0, 14, ["number", "composite"]), (1, 6, ["birthDate", "composite"]), (1, 14, ["expiryDate", "composite"]),
        (1, 29, ["composite"]),
    ]

    @Test("each TD3 check digit corrupted in turn is caught and named", arguments: 0..<5)
    func corruptedTD3(_ index: Int) throws {
        let (line, column, failed) = Self.td3CheckDigits[index]
        let document = try Self.decodeOne(Self.corrupting(MRZSpecimen.td3, line: line, column: column))
        #expect(document.failedChecks == failed)
        #expect(document.number == "L898902C3" && document.surname == "ERIKSSON")
    }

    @Test("each TD1 check digit corrupted in turn is caught and named", arguments: 0..<4)
    func corruptedTD1(_ index: Int) throws {
        let (line, column, failed) = Self.td1CheckDigits[index]
        let document = try Self.decodeOne(Self.corrupting(MRZSpecimen.td1, line: line, column: column))
        #expect(document.failedChecks == failed)
    }

    @Test("a changed data character fails its field and the composite", arguments: [
        (MRZSpecimen.td3, 1, 2, ["number", "composite"]), (MRZSpecimen.td3, 1, 15, ["birthDate", "composite"]),
        (MRZSpecimen.td3, 1, 22, ["expiryDate", "composite"]), (MRZSpecimen.td3, 1, 30, ["optional", "composite"]),
        (MRZSpecimen.td1, 0, 8, ["number", "composite"]), (MRZSpecimen.td1, 0, 20, ["composite"]),
        (MRZSpecimen.td1, 1, 2, ["birthDate", "composite"]), (MRZSpecimen.td1, 1, 10, ["expiryDate", "composite"]),
    ])
    func corruptedData(_ lines: [String], _ line: Int, _ column: Int, _ failed: [String]) throws {
        #expect(try Self.decodeOne(Self.corrupting(lines, line: line, column: column)).failedChecks == failed)
    }

    @Test("the long TD1 document number's check digit is read from the optional data")
    func longNumberCorrupted() throws {
        let long = ["I<UTOD23145890<7349<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
        let document = try Self.decodeOne(long)
        #expect(document.number == "D23145890734" && document.failedChecks.isEmpty)
        #expect(try Self.decodeOne(Self.corrupting(long, line: 0, column: 18)).failedChecks == ["number", "composite"])
    }

    @Test("the specimens drip-fed and in random splits, with every line ending, make the same documents", arguments: LineEnding.allCases)
    func dripFed(_ ending: LineEnding) {
        let bytes = (MRZSpecimen.td3 + MRZSpecimen.td1 + MRZSpecimen.td3).flatMap { Array($0.utf8) + ending.bytes }
        for seed in 1...20 {
            for chunking in Chunking.all(for: bytes.count, seed: UInt64(seed)) {
                let result = chunking.feed(bytes, to: MRZDecoder())
                #expect(result.frames.map(\.format) == [.td3, .td1, .td3] && result.errors.isEmpty, "\(chunking)")
                #expect(result.frames.allSatisfy { $0.read(at: Self.readingTime).failedChecks.isEmpty })
            }
        }
    }

    @Test("frame errors carry no line text and no bytes: the zone identifies a person", arguments: DocumentVector.all)
    func errorsArePrivate(_ vector: DocumentVector) {
        var decoder = MRZDecoder()
        let text = String(decoding: vector.bytes, as: UTF8.self)
        let words = text.split(whereSeparator: { !$0.isLetter && !$0.isNumber }).filter { $0.count >= 3 }
        for case .error(let error) in decoder.decode(vector.bytes) {
            #expect(error.bytes.isEmpty)
            #expect(!words.contains { error.reason.contains($0) }, "\(error.reason)")
        }
    }

    @Test("the session makes document readings dated in the lane's time zone")
    func session() {
        var session = CodeReaderDrivers.serialMRZSession(device: "mrz-1", utcOffsetMinutes: 420)
        session.append(MRZSpecimen.td1.flatMap { Array($0.utf8) + [0x0D] })
        let time = ReceiveTime(wall: Self.readingTime, monotonicMilliseconds: 0)
        guard case .frame(let reading, _)? = session.next(at: time) else { Issue.record("no reading"); return }
        guard case .document(let document) = reading.detail else { Issue.record("\(reading)"); return }
        #expect(document.format == "TD1" && document.number == "D23145890" && reading.detail.isPersonal)
        #expect(reading.time == Self.readingTime && reading.device == "mrz-1")
    }

    static func corrupting(_ lines: [String], line: Int, column: Int) -> [String] {
        var lines = lines.map { Array($0.utf8) }
        let character = lines[line][column]
        lines[line][column] = switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "8"): character + 1
        case UInt8(ascii: "9"): UInt8(ascii: "0")
        case UInt8(ascii: "<"): UInt8(ascii: "1")
        default: character == UInt8(ascii: "Z") ? UInt8(ascii: "A") : character + 1
        }
        return lines.map { String(decoding: $0, as: UTF8.self) }
    }

    static func decodeOne(_ lines: [String]) throws -> DocumentRead {
        var decoder = MRZDecoder()
        let steps = decoder.decode(lines.flatMap { Array($0.utf8) + [0x0D] })
        guard steps.count == 1, case .frame(let document, _) = steps[0] else { throw Failure(steps: "\(steps)") }
        return document.read(at: readingTime, utcOffsetMinutes: 420)
    }

    struct Failure: Error { let steps: String }
}
