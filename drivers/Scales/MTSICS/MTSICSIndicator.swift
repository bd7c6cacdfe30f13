import Foundation

/// A balance or terminal answering MT-SICS commands: `SI` (weight now), `S` (stable weight, or
/// `S I` while moving), `Z` (zero: `Z A`, or `Z I` while moving), `@` (reset); anything else is
/// `ES`. Weights with one decimal in kilograms.
public struct MTSICSIndicator: SimulatedIndicator {
    private var lines = CommandLineBuffer()
    private var zeroOffsetKg = 0.0

    public init() {}

    public var frameInterval: Duration? { nil }

    public mutating func receive(_ bytes: [UInt8], state: IndicatorState) -> [UInt8] {
        lines.lines(bytes).flatMap { Array(answer($0, state).utf8) }
    }

    private mutating func answer(_ command: String, _ state: IndicatorState) -> String {
        switch command {
        case "SI", "S":
            switch state.status {
            case .overload: return "S +\r\n"
            case .underload: return "S -\r\n"
            case .error: return "S I\r\n"
            case .ok, .motion:
                if command == "S" && state.motion { return "S I\r\n" }
                return Self.weightLine(state.weightKg - zeroOffsetKg, stable: !state.motion)
            }
        case "Z":
            guard !state.motion && state.status == .ok else { return "Z I\r\n" }
            zeroOffsetKg = state.weightKg
            return "Z A\r\n"
        case "@": return "I4 A \"LANEAGENT-SIM\"\r\n"
        default: return "ES\r\n"
        }
    }

    /// `S S     1560.0 kg` (or `S D` while moving), with the line end.
    public static func weightLine(_ weightKg: Double, stable: Bool) -> String {
        let value = String(format: "%.1f", weightKg)
        return "S \(stable ? "S" : "D") \(String(repeating: " ", count: max(0, 10 - value.count)))\(value) kg\r\n"
    }
}
