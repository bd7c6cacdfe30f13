import Biometrics
import DeviceKit
import LaneModel
import Testing

@Suite("hikvision-access: simulator round trips, multipart and names")
struct HikvisionAccessTests {
    static let time = Timestamp(rfc3339: "2026-11-23T01:15:02.000Z")!

    @Test("a simulated JSON event decodes to the same verification", arguments: HikvisionVerification.allCases, [420, 480])
    func jsonRoundTrip(_ verification: HikvisionVerification, _ offset: Int) throws {
        let request = HikvisionAccessSimulator.jsonRequest(device: "face-1", verification, employeeNo: "1001", name: "张伟",
                                                           time: Self.time, utcOffsetMinutes: offset)
        let terminal = TerminalSettings(matchThreshold: 85, livenessCheck: true)
        let outcome = try HikvisionAccessDriver(terminal: terminal).decode(request, device: "face-1")
        let reading = try #require(outcome.readings.first)
        let match = BiometricMatch(passed: verification.passed, score: nil, subject: "1001", vendorEvent: verification.vendorEvent,
                                   live: verification == .faceNotLive ? false : nil, terminal: terminal)
        #expect(reading.detail == (verification.isFace ? .face(match) : .fingerprint(match)))
        #expect(reading.time == Self.time)
        #expect(reading.evidence.isEmpty)
        #expect(!String(decoding: CanonicalJSON.encode(reading.jsonValue), as: UTF8.self).contains("张伟"))
    }

    @Test("a simulated multipart event carries the face picture as sealed evidence", arguments: [1, 2048, 200_000])
    func multipartRoundTrip(_ size: Int) throws {
        let picture = SyntheticJPEG.make(size: size)
        let request = HikvisionAccessSimulator.multipartRequest(device: "face-1", .facePassed, name: "李娜",
                                                                picture: picture, time: Self.time)
        let outcome = try HikvisionAccessDriver().decode(request, device: "face-1")
        let reading = try #require(outcome.readings.first)
        #expect(reading.evidence == [EvidenceItem(role: "face", mediaType: "image/jpeg", bytes: picture, personal: true)])
        #expect(reading.detail == .face(BiometricMatch(passed: true, score: nil, subject: "1001", vendorEvent: "5/75")))
    }

    @Test("a failed match without an employee number has no subject")
    func failedWithoutSubject() throws {
        let request = HikvisionAccessSimulator.jsonRequest(device: "face-1", .faceFailed, employeeNo: nil, time: Self.time)
        let reading = try #require(try HikvisionAccessDriver().decode(request, device: "face-1").readings.first)
        #expect(reading.detail == .face(BiometricMatch(passed: false, score: nil, subject: nil, vendorEvent: "5/76")))
    }

    @Test("a missing dateTime takes the arrival time")
    func arrivalTime() throws {
        let body = Array(#"{"eventType":"AccessControllerEvent","AccessControllerEvent":{"majorEventType":5,"subEventType":38,"employeeNoString":"7"}}"#.utf8)
        let request = DeviceRequest(method: "POST", path: "/devices/fp-1/events", headers: ["content-type": "application/json"],
                                    body: body, time: Self.time)
        let reading = try #require(try HikvisionAccessDriver().decode(request, device: "fp-1").readings.first)
        #expect(reading.time == Self.time)
        #expect(reading.kind == .fingerprint)
    }

    @Test("multipart bodies split the same with CRLF and LF, quoted or bare boundaries")
    func multipartVariants() throws {
        for newline in ["\r\n", "\n"] {
            let text = ["preamble", "--b1", "Content-Disposition: form-data; name=\"a\"", "", "{\"x\":1}", "--b1",
                        "Content-Disposition: form-data; name=\"p\"; filename=\"f.jpg\"", "Content-Type: Image/JPEG; q=1", "", "JPEGDATA",
                        "--b1--", ""].joined(separator: newline)
            let parts = try MultipartBody.parse(Array(text.utf8), boundary: "b1")
            #expect(parts.map(\.name) == ["a", "p"])
            #expect(parts.map { String(decoding: $0.body, as: UTF8.self) } == ["{\"x\":1}", "JPEGDATA"])
            #expect(parts[1].mediaType == "image/jpeg" && parts[1].filename == "f.jpg")
        }
        #expect(MultipartBody.boundary(in: "multipart/form-data; boundary=\"a b\"") == "a b")
        #expect(MultipartBody.boundary(in: "multipart/form-data;boundary=xyz;charset=utf-8") == "xyz")
        #expect(MultipartBody.boundary(in: "multipart/form-data") == nil)
        #expect(throws: EventRejection.self) { try MultipartBody.parse(Array("no delimiters".utf8), boundary: "b1") }
    }

    @Test("ISO 8601 terminal times convert to UTC", arguments: [
        ("2026-11-23T08:15:02+07:00", "2026-11-23T01:15:02.000Z"), ("2026-11-23T09:15:02+08:00", "2026-11-23T01:15:02.000Z"),
        ("2026-11-23T01:15:02Z", "2026-11-23T01:15:02.000Z"), ("2026-11-23T08:15:02.5+0700", "2026-11-23T01:15:02.500Z"),
        ("2026-11-23T08:15:02.123456+07:00", "2026-11-23T01:15:02.123Z"),
    ])
    func isoTimes(_ text: String, _ utc: String) { #expect(DeviceTime.parse(text)?.rfc3339 == utc) }
}
