import Foundation

/// An indicator speaking SMA: answers `LF W CR` with a 20-byte weight frame, anything else with
/// `LF ? CR`. Weights with one decimal in kilograms.
public struct SMAIndicator: SimulatedIndicator {
    private var pending: [UInt8] = []

    public init() {}

    public var frameInterval: Duration? { nil }

    public mutating func receive(_ bytes: [UInt8], state: IndicatorState) -> [UInt8] {
        var replies: [UInt8] = []
        for byte in bytes {
            if byte == 0x0A { pending = [] } else if byte == 0x0D {
                replies += pending == [UInt8(ascii: "W")] ? Self.frame(for: state) : [0x0A, UInt8(ascii: "?"), 0x0D]
                pending = []
            } else if pending.count < 16 {
                pending.append(byte)
            }
        }
        return replies
    }

    /// The reply frame for `state`.
    public static func frame(for state: IndicatorState, unit: String = "kg ") -> [UInt8] {
        let status: Character = switch state.status {
        case .overload: "O"
        case .underload: "U"
        case .error: "E"
        case .ok, .motion: abs(state.weightKg) < 0.05 ? "Z" : " "
        }
        let value = String(format: "%.1f", state.weightKg)
        let weight = String(repeating: " ", count: max(0, 10 - value.count)) + value
        let text = "\(status)1\(state.gross ? "G" : "N")\(state.motion ? "M" : " ") \(weight)\(unit)"
        return [0x0A] + Array(text.utf8) + [0x0D]
    }
}
