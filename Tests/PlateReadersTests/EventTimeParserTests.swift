import LaneModel
import PlateReaders
import Testing

@Suite("Camera event times")
struct EventTimeParserTests {
    @Test("ISO 8601 with an offset", arguments: [
        ("2024-05-14T09:31:05+08:00", "2024-05-14T01:31:05.000Z"), ("2024-05-14T08:31:05+07:00", "2024-05-14T01:31:05.000Z"),
        ("2024-05-14T01:31:05Z", "2024-05-14T01:31:05.000Z"), ("2024-05-14T01:31:05.25Z", "2024-05-14T01:31:05.250Z"),
        ("2024-05-14T01:31:05.123456Z", "2024-05-14T01:31:05.123Z"), ("2024-05-14T09:31:05+0800", "2024-05-14T01:31:05.000Z"),
        ("2024-05-14T00:10:00+08", "2024-05-13T16:10:00.000Z"), ("2024-12-31T20:00:00-05:00", "2025-01-01T01:00:00.000Z"),
        (" 2024-05-14 09:31:05+08:00 ", "2024-05-14T01:31:05.000Z"),
    ])
    func parses(_ text: String, _ utc: String) {
        #expect(EventTimeParser.parse(text) == Timestamp(rfc3339: utc))
    }

    @Test("no offset, or not a date-time", arguments: [
        "2024-05-14T09:31:05", "2024-05-14", "20240514093105", "2024-02-30T09:31:05Z", "2024-05-14T25:31:05Z",
        "2024-05-14T09:31:05+8:00", "2024-05-14T09:31:05.Z", "2024-05-14T09:31:05+08:00x", "", "yesterday",
    ])
    func refuses(_ text: String) {
        #expect(EventTimeParser.parse(text) == nil)
    }
}
