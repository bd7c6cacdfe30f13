/// The event times devices write, read leniently but never guessed: ISO 8601 / RFC 3339 with a
/// UTC offset, as cameras, scanners, OCR portals and access terminals send it. One reader for
/// every driver, so a quirk learned from one vendor's firmware serves them all.
///
/// Accepted: `2024-05-14T09:31:05+07:00`, a lower-case `t` or a space for the `T`, a fraction
/// of any length after `.` or `,` (kept to the millisecond), and the zone as `Z`/`z`, `±HH:MM`,
/// `±HHMM` or `±HH`; spaces around the whole are ignored. Refused: a time without an offset
/// (the camera's local clock, which a board at a border between two time zones cannot place),
/// an impossible date or time, an offset beyond ±14:00, anything after the zone.
public enum DeviceTime {
    /// The instant `text` names, or nil when it is not a date-time with a UTC offset.
    public static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        // Date, separator and time: `YYYY-MM-DD?HH:MM:SS`, then at least one zone byte.
        guard bytes.count >= 20, [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(bytes[10]) else { return nil }
        var index = 19
        var millis = 0
        if bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            var scale = 100
            let start = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                millis += digit * scale
                scale /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count, let offsetMinutes = offset(bytes[index...]) else { return nil }
        // Timestamp checks the layout and the calendar; the offset is applied afterwards.
        let utcText = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self)
            + "." + String(millis + 1000).dropFirst() + "Z"
        guard let wallClock = Timestamp(rfc3339: utcText) else { return nil }
        return Timestamp(millisecondsSinceEpoch: wallClock.millisecondsSinceEpoch - Int64(offsetMinutes) * 60_000)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH`, to minutes east of UTC; nil for anything else.
    private static func offset(_ zone: ArraySlice<UInt8>) -> Int? {
        let bytes = Array(zone)
        if bytes == [UInt8(ascii: "Z")] || bytes == [UInt8(ascii: "z")] { return 0 }
        guard let sign = bytes.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let body = bytes.dropFirst()
        let digits: [UInt8]
        switch body.count {
        case 2, 4: digits = Array(body)
        case 5 where body[body.startIndex + 2] == UInt8(ascii: ":"): digits = Array(body.prefix(2) + body.suffix(2))
        default: return nil
        }
        var values: [Int] = []
        for byte in digits {
            guard let value = digit(byte) else { return nil }
            values.append(value)
        }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        // Zones run from -12:00 to +14:00; a larger figure is a garbled field, not a place.
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 60 + minutes
        return sign == UInt8(ascii: "-") ? -total : total
    }
}
