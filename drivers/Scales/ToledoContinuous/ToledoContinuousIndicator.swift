/// A Mettler Toledo terminal in standard continuous output: twenty frames a second, the
/// display's digits (dummy zeros included) in the unit and division it is set to, tare zero,
/// checksum byte when `checksum` is set.
public struct ToledoContinuousIndicator: SimulatedIndicator {
    public let checksum: Bool
    public let display: IndicatorDisplay

    public init(checksum: Bool = true, display: IndicatorDisplay = IndicatorDisplay()) {
        self.checksum = checksum
        self.display = display
    }

    public var frameInterval: Duration? { .milliseconds(50) }

    public func frame(for state: IndicatorState) -> [UInt8] {
        Self.frame(kilograms: state.weightKg, display: display, motion: state.motion, gross: state.gross,
                   outOfRange: state.status == .overload || state.status == .underload, checksum: checksum)
    }

    /// One frame for `kilograms` on a display set to `display`'s unit and division.
    public static func frame(kilograms: Double, display: IndicatorDisplay = IndicatorDisplay(), motion: Bool = false,
                             gross: Bool = true, outOfRange: Bool = false, tare: Int = 0, checksum: Bool = true) -> [UInt8] {
        let shown = display.shown(kilograms: kilograms)
        let decimals = display.decimals
        // Status A bits 0-2: where the point is, or how many of the digits are dummy zeros.
        let pointCode: UInt8 = decimals > 0 ? UInt8(min(decimals + 2, 7))
            : display.division >= 100 ? 0 : display.division >= 10 ? 1 : 2
        // Bits 3-4: the division's leading digit, 1 (01), 2 (10) or 5 (11).
        var leading = display.division
        while leading >= 10 { leading /= 10 }
        while leading < 1 - 1e-9 { leading *= 10 }
        let increment: UInt8 = leading.rounded() == 5 ? 0x18 : leading.rounded() == 2 ? 0x10 : 0x08
        // Bit 5 is always set, which keeps status bytes printable.
        let statusA: UInt8 = 0x20 | increment | pointCode
        var statusB: UInt8 = 0x20
        if !gross { statusB |= 0x01 }
        if shown < 0 { statusB |= 0x02 }
        if outOfRange { statusB |= 0x04 }
        if motion { statusB |= 0x08 }
        // Bit 4 is set for kg only; status C names every other unit (the terminal firmware's rule).
        if display.unit == .kg { statusB |= 0x10 }
        let unitCode: UInt8 = switch display.unit {
        case .kg, .lb: 0
        case .g: 1
        case .t: 2
        case .oz: 3
        }
        let digits = Int((abs(shown) * IndicatorDisplay.pow10(decimals)).rounded())
        // The terminal copies its display: leading spaces, and a zero shows its dummy zeros and
        // decimals ("    00" at a 10 kg division, "   0.0" without the point).
        let minimumDigits = decimals > 0 ? decimals + 1 : Int(3 - min(pointCode, 2))
        var body: [UInt8] = [0x02, statusA, statusB, 0x20 | unitCode]
        body += sixCharacters(digits, minimumDigits: minimumDigits) + sixCharacters(tare, minimumDigits: 1)
        body.append(0x0D)
        return checksum ? body + [ToledoContinuousDecoder.checksum(of: body)] : body
    }

    /// `value` right-aligned in six characters, leading spaces, at least `minimumDigits` digits.
    private static func sixCharacters(_ value: Int, minimumDigits: Int) -> [UInt8] {
        var digits = Array(String(min(max(value, 0), 999_999)).utf8)
        while digits.count < minimumDigits { digits.insert(UInt8(ascii: "0"), at: 0) }
        return [UInt8](repeating: 0x20, count: 6 - digits.count) + digits
    }
}
