/// A unit an indicator reports weight in.
public enum WeightUnit: String, Sendable, Hashable, CaseIterable {
    case kg, g, t, lb
    /// The avoirdupois ounce, which a Toledo terminal's status word C can name (`docs/protocols.md`).
    case oz

    /// Kilograms per unit (the pound is 0.45359237 kg exactly, by the 1959 agreement).
    public var kilograms: Double {
        switch self {
        case .kg: 1
        case .g: 0.001
        case .t: 1000
        case .lb: 0.45359237
        case .oz: 0.028349523125
        }
    }

    /// `value` of this unit in kilograms, rounded to the gram so conversions print cleanly.
    public func toKilograms(_ value: Double) -> Double {
        self == .kg ? value : (value * kilograms * 1000).rounded() / 1000
    }

    /// The unit written as indicators write it (`kg`, `lb`, `g`, `t`, any case, padded), or nil.
    public init?(indicatorText: some StringProtocol) {
        let text = indicatorText.trimmingCharacters(in: " ").lowercased()
        switch text {
        case "kg": self = .kg
        case "g": self = .g
        case "t": self = .t
        case "lb", "lbs": self = .lb
        case "oz": self = .oz
        default: return nil
        }
    }
}
