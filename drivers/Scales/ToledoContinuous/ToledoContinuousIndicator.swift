/// A Mettler Toledo terminal in standard continuous output: twenty frames a second, whole
/// kilograms, tare zero, checksum byte when `checksum` is set.
public struct ToledoContinuousIndicator: SimulatedIndicator {
    public let checksum: Bool

    public init(checksum: Bool = true) { self.checksum = checksum }

    public var frameInterval: Duration? { .milliseconds(50) }

    public func frame(for state: IndicatorState) -> [UInt8] {
        Self.frame(weight: state.weightKg, kilograms: true, motion: state.motion, gross: state.gross,
                   outOfRange: state.status == .overload || state.status == .underload, checksum: checksum)
    }

    /// One frame; `decimalCode` is status A bits 0-2 (2 = whole units, 3 = one decimal …).
    public static func frame(weight: Double, decimalCode: UInt8 = 2, kilograms: Bool = true, motion: Bool = false,
                             gross: Bool = true, outOfRange: Bool = false, tare: Int = 0, checksum: Bool = true) -> [UInt8] {
        let places = Int(decimalCode) - 2
        let scaled = places >= 0 ? abs(weight) * ASCIIDigit.powerOfTen(places) : abs(weight) / ASCIIDigit.powerOfTen(-places)
        // Bit 5 set keeps status bytes printable; bits 3-4 = 01 is an increment of 1.
        let statusA: UInt8 = 0x20 | 0x08 | (decimalCode & 0x07)
        var statusB: UInt8 = 0x20
        if !gross { statusB |= 0x01 }
        if weight < 0 { statusB |= 0x02 }
        if outOfRange { statusB |= 0x04 }
        if motion { statusB |= 0x08 }
        if kilograms { statusB |= 0x10 }
        var body: [UInt8] = [0x02, statusA, statusB, 0x20]
        body += sixDigits(Int(scaled.rounded())) + sixDigits(tare)
        body.append(0x0D)
        return checksum ? body + [ToledoContinuousDecoder.checksum(of: body)] : body
    }

    private static func sixDigits(_ value: Int) -> [UInt8] {
        let digits = Array(String(min(max(value, 0), 999_999)).utf8)
        return [UInt8](repeating: UInt8(ascii: "0"), count: 6 - digits.count) + digits
    }
}
