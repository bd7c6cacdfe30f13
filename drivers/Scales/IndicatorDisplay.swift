/// How a simulated indicator's display is set up: the unit it shows and its division (the
/// step between shown weights, in that unit). Real weighbridge terminals of 60–80 t count in
/// 10, 20 or 100 kg, and some show tonnes; the simulator must be able to show the same.
public struct IndicatorDisplay: Sendable, Hashable {
    public var unit: WeightUnit
    /// The display step in `unit`: 1, 2 or 5 times a power of ten.
    public var division: Double

    public init(unit: WeightUnit = .kg, division: Double = 1) {
        self.unit = unit
        self.division = division
    }

    /// The divisions a terminal can be set to: 1, 2 or 5 × 10^n for n in -4...2.
    public static func isValidDivision(_ division: Double) -> Bool {
        guard division.isFinite, division > 0 else { return false }
        return (-4...2).contains { exponent in
            [1.0, 2, 5].contains { abs($0 * pow10(exponent) - division) < division * 1e-9 }
        }
    }

    /// 10^exponent, exact for the small exponents displays use.
    static func pow10(_ exponent: Int) -> Double {
        exponent >= 0 ? ASCIIDigit.powerOfTen(exponent) : 1 / ASCIIDigit.powerOfTen(-exponent)
    }

    /// `kilograms` as the display shows it: in `unit`, rounded to the division.
    public func shown(kilograms: Double) -> Double {
        let value = kilograms / unit.kilograms
        return (value / division).rounded() * division
    }

    /// The number of decimals the display shows (0 for divisions of 1 and more).
    public var decimals: Int {
        var places = 0
        while places < 6, division * Self.pow10(places) < 1 - 1e-9 { places += 1 }
        return places
    }
}
