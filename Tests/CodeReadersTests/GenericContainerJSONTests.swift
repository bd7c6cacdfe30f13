import CodeReaders
import DeviceKit
import LaneModel
import Testing

/// One line of `GenericContainerJSON/Fixtures/events.jsonl`.
struct ContainerEventVector: Sendable, CustomTestStringConvertible {
    let name: String
    let body: String
    let readings: [JSONValue]
    let rejection: String?
    let time: Timestamp?
    let evidence: Int
    let note: String?

    var testDescription: String { name }

    static let all: [ContainerEventVector] = FixtureFile.lines("GenericContainerJSON", "events.jsonl").map { line in
        guard case .array(let readings)? = line["readings"] else { fatalError("\(line) has no readings") }
        return ContainerEventVector(name: line["name"]!.stringValue!, body: line["body"]!.stringValue!, readings: readings, rejection: line["rejection"]?.stringValue,
                                    time: line["time"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
                                    evidence: line["evidence"]!.integerValue!, note: line["note"]?.stringValue)
    }
}

@Suite("generic-container-json: container OCR pushes")
struct GenericContainerJSONTests {
    static let arrival = Timestamp(rfc3339: "2025-03-01T01:15:09.000Z")!
    let driver = CodeReaderDrivers.eventDriver(named: "generic-container-json")!

    @Test("every fixture makes its readings or its rejection", arguments: ContainerEventVector.all)
    func fixture(_ vector: ContainerEventVector) throws {
        let request = DeviceRequest(method: "POST", path: "/devices/ocr-1/events", headers: ["Content-Type": "application/json"],
                                    body: Array(vector.body.utf8), time: Self.arrival)
        if let rejection = vector.rejection {
            #expect { _ = try driver.decode(request, device: "ocr-1") } throws: { error in
                guard let error = error as? EventRejection else { return false }
                return error.reason.contains(rejection)
            }
            return
        }
        let outcome = try driver.decode(request, device: "ocr-1")
        #expect(outcome.readings.map { Self.json($0) } == vector.readings)
        #expect(outcome.readings.allSatisfy { $0.device == "ocr-1" && $0.time == (vector.time ?? Self.arrival) })
        #expect(outcome.readings.allSatisfy { $0.evidence.count == vector.evidence })
        #expect(outcome.reply.status == 200 && outcome.note == vector.note)
    }

    /// A container reading as the fixtures write it.
    static func json(_ reading: Reading) -> JSONValue {
        guard case .container(let read) = reading.detail else { return .null }
        return .object(ReadingDetail.container(read).members)
    }

    @Test("the image is a JPEG evidence item with role container, not personal")
    func evidence() throws {
        let jpeg: [UInt8] = [0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9]
        let request = ContainerEventBuilder.request(device: "ocr-1", containers: [.init(code: "CSQU3054383", confidence: 0.9)],
                                                    image: jpeg, sentAt: Self.arrival)
        let item = try #require(try driver.decode(request, device: "ocr-1").readings.first?.evidence.first)
        #expect(item == EvidenceItem(role: "container", mediaType: "image/jpeg", bytes: jpeg, personal: false))
    }

    @Test("the simulator's requests decode to what it sent")
    func builderRoundTrip() throws {
        let time = Timestamp(rfc3339: "2025-03-01T01:15:02.000Z")!
        let request = ContainerEventBuilder.request(device: "ocr-2", containers: [.init(code: "CSQU3054383", confidence: 0.97), .init(code: "MSCU6639871")], time: time)
        #expect(request.method == "POST" && request.path == "/devices/ocr-2/events" && request.contentType == "application/json")
        let readings = try driver.decode(request, device: "ocr-2").readings
        #expect(readings.map(\.detail) == [
            .container(ContainerRead(raw: "CSQU3054383", code: "CSQU3054383", valid: true, problem: nil, confidence: 0.97)),
            .container(ContainerRead(raw: "MSCU6639871", code: "MSCU6639871", valid: false, problem: "check digit 0 expected, 1 read",
                                     confidence: nil)),
        ])
        #expect(readings.allSatisfy { $0.time == time })
    }

    @Test("GET is refused; rejections quote the body, which holds no personal data")
    func method() throws {
        #expect(throws: EventRejection.self) {
            _ = try driver.decode(DeviceRequest(method: "GET", path: "/devices/ocr-1/events"), device: "ocr-1")
        }
        do {
            _ = try driver.decode(DeviceRequest(method: "POST", path: "/devices/ocr-1/events", body: Array("{\"x\":1}".utf8)), device: "ocr-1")
            Issue.record("accepted")
        } catch {
            #expect(error.excerpt == "{\"x\":1}")
        }
    }
}
