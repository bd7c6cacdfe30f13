import LaneModel

/// ZKTeco's zone-less wall clock (`2026-11-23 08:15:02`), read on the terminal's configured
/// offset, and both terminals' times as the simulators write them. Hikvision's ISO 8601 times
/// (`2026-11-23T08:15:02+07:00`) are `DeviceTime`'s, as every device's are.
public enum TerminalTime {
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
