import LaneModel

/// ISO 8601 / RFC 3339 times as scanners write them: `2026-11-23T08:15:02+07:00`,
/// `2026-11-23T01:15:02.250Z`, a space instead of `T`, `+0700` without the colon.
public enum ScanTime {
    /// The instant `text` names, or nil when it is not a date-time with a UTC offset (a time
    /// without one is ambiguous at a border with two time zones, so it is refused).
    public static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54 || bytes[10] == 0x74 || bytes[10] == 0x20,
              bytes[13] == 0x3A, bytes[16] == 0x3A else { return nil }
        guard [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18].allSatisfy({ isDigit(bytes[$0]) }) else { return nil }
        var index = 19
        var millis = [UInt8]("000".utf8)
        if bytes[index] == 0x2E || bytes[index] == 0x2C {
            index += 1
            var digits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 3 { millis[digits] = bytes[index] }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        let zone = Array(bytes[index...])
        if zone == [0x5A] || zone == [0x7A] {
            offsetMinutes = 0
        } else if zone.first == 0x2B || zone.first == 0x2D {
            let digits = zone.dropFirst().filter { $0 != 0x3A }
            guard digits.count == 4, digits.allSatisfy(isDigit), zone.count == 5 || (zone.count == 6 && zone[3] == 0x3A) else { return nil }
            let value = digits.map { Int($0 - 0x30) }
            let hours = value[0] * 10 + value[1], minutes = value[2] * 10 + value[3]
            guard hours < 24, minutes < 60 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (zone.first == 0x2D ? -1 : 1)
        } else {
            return nil
        }
        let utcText = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self)
            + "." + String(decoding: millis, as: UTF8.self) + "Z"
        guard let wallClock = Timestamp(rfc3339: utcText) else { return nil }
        return Timestamp(millisecondsSinceEpoch: wallClock.millisecondsSinceEpoch - Int64(offsetMinutes) * 60_000)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
