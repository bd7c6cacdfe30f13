import Foundation
import LaneModel
import Testing

@Suite("RFC 3339 timestamps with milliseconds")
struct TimestampTests {
    @Test("formats UTC with milliseconds and parses back", arguments: [
        (Int64(0), "1970-01-01T00:00:00.000Z"),
        (Int64(1_795_420_800_123), "2026-11-23T08:00:00.123Z"),
        (Int64(951_782_400_000), "2000-02-29T00:00:00.000Z"),
        (Int64(-1), "1969-12-31T23:59:59.999Z"),
        (Int64(4_102_444_799_999), "2099-12-31T23:59:59.999Z"),
    ])
    func formats(millis: Int64, text: String) {
        let time = Timestamp(millisecondsSinceEpoch: millis)
        #expect(time.rfc3339 == text)
        #expect(Timestamp(rfc3339: text) == time)
    }

    @Test("agrees with Foundation's formatter over many instants")
    func agreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 {
            let millis = Int64.random(in: 0..<4_102_444_800_000, using: &generator)
            let time = Timestamp(millisecondsSinceEpoch: millis)
            #expect(formatter.string(from: time.date) == time.rfc3339)
        }
    }

    @Test("refuses other forms and impossible dates", arguments: [
        "2026-11-23T08:00:00Z", "2026-11-23T08:00:00.000+07:00", "2026-02-30T00:00:00.000Z", "2026-13-01T00:00:00.000Z",
        "2026-11-23 08:00:00.000Z", "2026-11-23T24:00:00.000Z",
    ])
    func refuses(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }

    @Test("instants no four-digit year can write are held at the ends, never a trap", arguments: [
        Int64.max, Int64.min, 253_402_300_800_000, -62_167_219_200_001, 0,
    ])
    func extremes(_ milliseconds: Int64) {
        let text = Timestamp(millisecondsSinceEpoch: milliseconds).rfc3339
        #expect(text.utf8.count == 24 && Timestamp(rfc3339: text) != nil, "\(text)")
    }

    @Test("a Date from outside (a file's time) is clamped into the years 0000-9999", arguments: [1e15, 9.2e15, -1e13, .infinity, .nan])
    func dates(_ seconds: Double) {
        let date = Date(timeIntervalSince1970: seconds)
        #expect(!Timestamp.isRepresentable(date))
        let stamp = Timestamp(date)
        #expect(stamp >= .earliest && stamp <= .latest)
    }
}
