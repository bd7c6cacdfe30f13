/// One weight read from a weighbridge indicator, converted to kilograms.
public struct WeightReading: RecordBody, Hashable {
    /// The configured id of the scale (`[[devices]] id`).
    public var device: String
    /// When the frame carrying it was complete.
    public var time: Timestamp
    /// The weight in kilograms; nil when the indicator sent only a status (overload, error).
    public var weightKg: Double?
    /// True when the weight is settled (by the indicator's flag or the driver's stability rule).
    public var stable: Bool
    public var status: WeightStatus
    /// True for a gross weight, false for net; nil when the protocol does not say.
    public var gross: Bool?

    public init(device: String, time: Timestamp, weightKg: Double?, stable: Bool, status: WeightStatus, gross: Bool?) {
        self.device = device
        self.time = time
        self.weightKg = weightKg
        self.stable = stable
        self.status = status
        self.gross = gross
    }

    /// The body of a lane's `reading.weight`: the device is not in it (the record's lane says where it was weighed).
    public var recordKind: RecordKind { .readingWeight }

    /// `{"time","weightKg","stable","status","gross"}`, as `diag scale --json` prints and records carry.
    public func write(to members: inout RecordMembers) {
        members.required("time", time)
        members.required("weightKg", weightKg)
        members.required("stable", stable)
        members.required("status", status)
        members.required("gross", gross)
    }
}
