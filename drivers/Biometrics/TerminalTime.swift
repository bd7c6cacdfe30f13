import LaneModel

/// The times terminals write: Hikvision's ISO 8601 with an offset (`2026-11-23T08:15:02+07:00`)
/// and ZKTeco's zone-less wall clock (`2026-11-23 08:15:02`).
public enum TerminalTime {
    /// `YYYY-MM-DDTHH:MM:SS[.fff](Z|±HH:MM|±HHMM)`, or nil.
    public static func parse(iso text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, let wallClock = wallClock(bytes, separators: [0x54, 0x74, 0x20]) else { return nil }
        var index = 19
        var millis: Int64 = 0
        if bytes[index] == 0x2E || bytes[index] == 0x2C {
            index += 1
            var digits = 0
            while index < bytes.count, isDigit(bytes[index]) {
                if digits < 3 { millis = millis * 10 + Int64(bytes[index] - 0x30) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        guard index < bytes.count else { return nil }
        let zone = Array(bytes[index...])
        var offsetMinutes = 0
        if zone != [0x5A] && zone != [0x7A] {
            guard zone.first == 0x2B || zone.first == 0x2D else { return nil }
            let digits = zone.dropFirst().filter { $0 != 0x3A }
            guard digits.count == 4, digits.allSatisfy(isDigit), zone.count == 5 || (zone.count == 6 && zone[3] == 0x3A) else { return nil }
            let value = digits.map { Int($0 - 0x30) }
            let hours = value[0] * 10 + value[1], minutes = value[2] * 10 + value[3]
            guard hours < 24, minutes < 60 else { return nil }
            offsetMinutes = (hours * 60 + minutes) * (zone.first == 0x2D ? -1 : 1)
        }
        return Timestamp(millisecondsSinceEpoch: wallClock.millisecondsSinceEpoch + millis - Int64(offsetMinutes) * 60_000)
    }

    /// Exactly `YYYY-MM-DD HH:MM:SS` on a clock `utcOffsetMinutes` ahead of UTC, or nil.
    public static func parse(local text: String, utcOffsetMinutes: Int) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count == 19, let wallClock = wallClock(bytes, separators: [0x20, 0x54]) else { return nil }
        return Timestamp(millisecondsSinceEpoch: wallClock.millisecondsSinceEpoch - Int64(utcOffsetMinutes) * 60_000)
    }

    /// `time` as a terminal `utcOffsetMinutes` ahead of UTC shows it: `2026-11-23 08:15:02`.
    public static func local(_ time: Timestamp, utcOffsetMinutes: Int, separator: Character = " ") -> String {
        let shifted = Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000).rfc3339
        return String(shifted.prefix(10)) + String(separator) + String(shifted.dropFirst(11).prefix(8))
    }

    /// `2026-11-23T08:15:02+07:00`, as Hikvision terminals write `dateTime`.
    public static func iso(_ time: Timestamp, utcOffsetMinutes: Int) -> String {
        let magnitude = abs(utcOffsetMinutes)
        func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return local(time, utcOffsetMinutes: utcOffsetMinutes, separator: "T") + (utcOffsetMinutes < 0 ? "-" : "+")
            + two(magnitude / 60) + ":" + two(magnitude % 60)
    }

    /// The first 19 bytes as a date and time read as if UTC (the calendar check is Timestamp's).
    private static func wallClock(_ bytes: [UInt8], separators: [UInt8]) -> Timestamp? {
        guard bytes[4] == 0x2D, bytes[7] == 0x2D, separators.contains(bytes[10]), bytes[13] == 0x3A, bytes[16] == 0x3A,
              [0, 1, 2, 3, 5, 6, 8, 9, 11, 12, 14, 15, 17, 18].allSatisfy({ isDigit(bytes[$0]) }) else { return nil }
        let text = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self) + ".000Z"
        return Timestamp(rfc3339: text)
    }

    private static func isDigit(_ byte: UInt8) -> Bool { (0x30...0x39).contains(byte) }
}
