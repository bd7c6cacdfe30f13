import LaneModel

/// What a simulated indicator has on its platform.
public struct IndicatorState: Sendable, Hashable {
    public var weightKg: Double
    /// True while the load moves (for protocols with a motion flag).
    public var motion: Bool
    /// `ok`, or `overload`, `underload`, `error` to simulate those displays.
    public var status: WeightStatus
    public var gross: Bool

    public init(weightKg: Double = 0, motion: Bool = false, status: WeightStatus = .ok, gross: Bool = true) {
        self.weightKg = weightKg
        self.motion = motion
        self.status = status
        self.gross = gross
    }
}
