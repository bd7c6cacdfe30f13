import LaneModel

/// An MRZ date field, `YYMMDD`, and the calendar day a reading was made, as `YYYY-MM-DD`.
enum MRZDate {
    /// A birth date: in this century unless that would put it after `today`, then the last.
    /// Nil when the field is not a calendar date (unknown parts are written `<`).
    static func birth(_ field: some Collection<UInt8>, today: String) -> String? {
        guard let (year, month, day) = parts(field) else { return nil }
        if let recent = format(2000 + year, month, day), recent <= today { return recent }
        return format(1900 + year, month, day)
    }

    /// An expiry date: in the century that puts it at most `expiryHorizonYears` after `today`,
    /// else the one before. Reading every expiry as 20YY made ICAO's own specimen (expired
    /// 1994-06-23) valid until 2094.
    static func expiry(_ field: some Collection<UInt8>, today: String) -> String? {
        guard let (year, month, day) = parts(field) else { return nil }
        let thisYear = Int(today.prefix(4)) ?? 2000
        var full = thisYear - thisYear % 100 + year
        if full > thisYear + expiryHorizonYears { full -= 100 }
        return format(full, month, day)
    }

    /// How far ahead an expiry date may lie. No document type in ICAO 9303 is issued for more
    /// than ten years; twenty leaves room for national cards issued for longer.
    static let expiryHorizonYears = 20

    /// The calendar day of `time` where the lane is, `utcOffsetMinutes` east of UTC.
    static func day(of time: Timestamp, utcOffsetMinutes: Int) -> String {
        String(Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000).rfc3339.prefix(10))
    }

    private static func parts(_ field: some Collection<UInt8>) -> (Int, Int, Int)? {
        let digits = field.map { Int($0) - Int(UInt8(ascii: "0")) }
        guard digits.count == 6, digits.allSatisfy({ (0...9).contains($0) }) else { return nil }
        return (digits[0] * 10 + digits[1], digits[2] * 10 + digits[3], digits[4] * 10 + digits[5])
    }

    /// `YYYY-MM-DD`, or nil when there is no such day.
    private static func format(_ year: Int, _ month: Int, _ day: Int) -> String? {
        guard (1...12).contains(month), (1...daysIn(month, of: year)).contains(day) else { return nil }
        func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
        return "\(year)-\(twoDigits(month))-\(twoDigits(day))"
    }

    private static func daysIn(_ month: Int, of year: Int) -> Int {
        switch month {
        case 2: year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
