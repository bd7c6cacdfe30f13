import LaneModel

/// What one valid frame from an indicator says, in the indicator's own unit.
public struct ScaleFrame: Sendable, Hashable {
    /// The weight shown, in `unit`; nil when the frame carries only a status (MT-SICS `S +`).
    public var weight: Double?
    public var unit: WeightUnit
    public var status: WeightStatus
    /// The indicator's own stability flag; nil when the protocol has none (decided in software).
    public var stable: Bool?
    /// True gross, false net; nil when the protocol does not say.
    public var gross: Bool?
    /// The indicator's answer to a command that is not a weight request (MT-SICS `Z A`): an
    /// acknowledgement, not a reading.
    public var reply: String?

    public init(weight: Double?, unit: WeightUnit = .kg, status: WeightStatus = .ok, stable: Bool? = nil,
                gross: Bool? = nil, reply: String? = nil) {
        self.weight = weight
        self.unit = unit
        self.status = status
        self.stable = stable
        self.gross = gross
        self.reply = reply
    }

    /// The weight in kilograms.
    public var weightKg: Double? { weight.map(unit.toKilograms) }
}
