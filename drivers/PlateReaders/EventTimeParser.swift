import LaneModel

/// Reads the event times cameras write: ISO 8601 with a UTC offset, such as
/// `2024-05-14T09:31:05+07:00`, `2024-05-14T02:31:05.250Z` or `…+0700`.
public enum EventTimeParser {
    /// The instant `text` names, or nil when it is not a date-time with an offset (a time
    /// without one is the camera's local time, which the board cannot place).
    public static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8.drop { $0 == 0x20 }.reversed().drop { $0 == 0x20 }.reversed())
        guard bytes.count >= 20, bytes[10] == UInt8(ascii: "T") || bytes[10] == UInt8(ascii: "t") || bytes[10] == 0x20
        else { return nil }
        var index = 19
        // Fraction: any number of digits, kept to the millisecond.
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
        // Timestamp validates the calendar fields; the offset is applied afterwards.
        let millisText = String(millis + 1000).dropFirst()
        let utcText = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self)
            + "." + millisText + "Z"
        guard let local = Timestamp(rfc3339: utcText) else { return nil }
        return Timestamp(millisecondsSinceEpoch: local.millisecondsSinceEpoch - Int64(offsetMinutes) * 60_000)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    /// `Z`, `±HH:MM`, `±HHMM` or `±HH`, to minutes east of UTC.
    private static func offset(_ bytes: ArraySlice<UInt8>) -> Int? {
        let b = Array(bytes)
        if b == [UInt8(ascii: "Z")] || b == [UInt8(ascii: "z")] { return 0 }
        guard let sign = b.first, sign == UInt8(ascii: "+") || sign == UInt8(ascii: "-") else { return nil }
        let digits = b.dropFirst().filter { $0 != UInt8(ascii: ":") }
        guard [2, 4].contains(digits.count), b.count == digits.count + 1 || (b.count == 6 && b[3] == UInt8(ascii: ":")) else {
            return nil
        }
        var values: [Int] = []
        for byte in digits {
            guard let value = digit(byte) else { return nil }
            values.append(value)
        }
        let hours = values[0] * 10 + values[1]
        let minutes = values.count == 4 ? values[2] * 10 + values[3] : 0
        guard hours <= 14, minutes < 60 else { return nil }
        let total = hours * 60 + minutes
        return sign == UInt8(ascii: "-") ? -total : total
    }
}
