/// A Yaohua XK3190 in continuous mode tF = 0: ten frames a second (one 12-byte frame per
/// 100 ms is what 1200 baud carries), whole kilograms, check nibbles written as hex digits
/// `0`–`9`, `A`–`F`, as the weighbridge logs in `Fixtures/third-party/` show.
public struct YaohuaXK3190Indicator: SimulatedIndicator {
    public init() {}

    public var frameInterval: Duration? { .milliseconds(100) }

    public func frame(for state: IndicatorState) -> [UInt8] {
        Self.frame(weightKg: state.weightKg)
    }

    /// The tF = 0 frame for `weightKg` shown with `decimals` decimals.
    public static func frame(weightKg: Double, decimals: Int = 0) -> [UInt8] {
        let scaled = Int((abs(weightKg) * ASCIIDigit.powerOfTen(decimals)).rounded())
        let digits = Array(String(min(scaled, 999_999)).utf8)
        var body: [UInt8] = [weightKg < 0 ? UInt8(ascii: "-") : UInt8(ascii: "+")]
        body += [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits
        body.append(UInt8(ascii: "0") + UInt8(decimals))
        let check = body.reduce(0, ^)
        return [0x02] + body + [hexDigit(check >> 4), hexDigit(check & 0x0F), 0x03]
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "A") + nibble - 10
    }
}
