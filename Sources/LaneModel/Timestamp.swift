import Foundation

/// A UTC instant with millisecond precision, written as RFC 3339 `YYYY-MM-DDTHH:MM:SS.mmmZ`.
public struct Timestamp: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Milliseconds since the Unix epoch.
    public let millisecondsSinceEpoch: Int64

    public init(millisecondsSinceEpoch: Int64) { self.millisecondsSinceEpoch = millisecondsSinceEpoch }

    /// The first and last instants RFC 3339's four-digit years can write: 0000-01-01 and
    /// 9999-12-31T23:59:59.999Z.
    public static let earliest = Timestamp(millisecondsSinceEpoch: -62_167_219_200_000)
    public static let latest = Timestamp(millisecondsSinceEpoch: 253_402_300_799_999)

    /// Whether `date` lies between `earliest` and `latest` (a file's time comes from outside:
    /// a far-future modification time is possible and must not reach the arithmetic).
    public static func isRepresentable(_ date: Date) -> Bool {
        let milliseconds = date.timeIntervalSince1970 * 1000
        return milliseconds.isFinite && milliseconds >= Double(earliest.millisecondsSinceEpoch)
            && milliseconds <= Double(latest.millisecondsSinceEpoch)
    }

    /// The instant `date`, truncated to the millisecond, held between `earliest` and `latest`.
    public init(_ date: Date) {
        let milliseconds = (date.timeIntervalSince1970 * 1000).rounded(.down)
        guard milliseconds.isFinite else { self = .earliest; return }
        let clamped = min(max(milliseconds, Double(Self.earliest.millisecondsSinceEpoch)), Double(Self.latest.millisecondsSinceEpoch))
        self.millisecondsSinceEpoch = Int64(clamped)
    }

    /// The current wall-clock time.
    public static func now() -> Timestamp { Timestamp(Date()) }

    public var date: Date { Date(timeIntervalSince1970: Double(millisecondsSinceEpoch) / 1000) }

    public static func < (lhs: Timestamp, rhs: Timestamp) -> Bool {
        lhs.millisecondsSinceEpoch < rhs.millisecondsSinceEpoch
    }

    public var description: String { rfc3339 }

    /// `YYYY-MM-DDTHH:MM:SS.mmmZ`. Computed by hand: it runs once per record on the hot path.
    /// An instant outside the years 0000–9999 is written as the nearest one inside them.
    public var rfc3339: String {
        let millis = min(max(millisecondsSinceEpoch, Self.earliest.millisecondsSinceEpoch), Self.latest.millisecondsSinceEpoch)
        var days = millis / 86_400_000
        var rest = millis % 86_400_000
        if rest < 0 { rest += 86_400_000; days -= 1 }
        let (year, month, day) = Self.civil(fromDays: days)
        var out: [UInt8] = []
        out.reserveCapacity(24)
        func put(_ value: Int64, _ width: Int) {
            var divisor: Int64 = 1
            for _ in 1..<width { divisor *= 10 }
            var v = value
            while divisor > 0 { out.append(UInt8(48 + v / divisor)); v %= divisor; divisor /= 10 }
        }
        put(year, 4); out.append(45); put(month, 2); out.append(45); put(day, 2); out.append(84)
        put(rest / 3_600_000, 2); out.append(58); put(rest / 60_000 % 60, 2); out.append(58)
        put(rest / 1000 % 60, 2); out.append(46); put(rest % 1000, 3); out.append(90)
        return String(decoding: out, as: UTF8.self)
    }

    /// Parses exactly `YYYY-MM-DDTHH:MM:SS.mmmZ`, the only form records use.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        guard bytes.count == 24, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84, bytes[13] == 58,
              bytes[16] == 58, bytes[19] == 46, bytes[23] == 90 else { return nil }
        func number(_ range: Range<Int>) -> Int64? {
            var value: Int64 = 0
            for index in range {
                guard (48...57).contains(bytes[index]) else { return nil }
                value = value * 10 + Int64(bytes[index] - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              let millis = number(20..<23), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 60 else { return nil }
        let days = Self.days(fromCivil: year, month, day)
        guard Self.civil(fromDays: days) == (year, month, day) else { return nil }
        millisecondsSinceEpoch = ((days * 24 + hour) * 60 + minute) * 60_000 + second * 1000 + millis
    }

    // Howard Hinnant's days-from-civil algorithms (proleptic Gregorian calendar).
    private static func civil(fromDays z: Int64) -> (Int64, Int64, Int64) {
        let z = z + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}
