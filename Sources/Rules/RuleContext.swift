import LaneModel

/// What the rules need besides the crossing's own evidence.
public struct RuleContext: Sendable {
    /// The decision time (event time in replay).
    public var now: Timestamp
    /// False when the kernel reports the clock unsynchronised (or replay says so).
    public var clockSynced: Bool
    /// The last verified reference data, if any.
    public var reference: ReferenceData? {
        didSet { vehicles = reference.map(VehicleIndex.init) }
    }
    /// The reference data's vehicles, indexed by plate.
    public private(set) var vehicles: VehicleIndex?
    /// Faults of the lane's devices still open at decision time.
    public var activeFaults: [DeviceFault]
    /// This lane's recent decisions, newest last.
    public var recentCrossings: [RecentCrossing]

    /// `vehicles` is `reference`'s index when the caller keeps one (a lane builds it once per
    /// reference data); otherwise it is built here.
    public init(now: Timestamp, clockSynced: Bool, reference: ReferenceData?, vehicles: VehicleIndex? = nil, activeFaults: [DeviceFault] = [],
                recentCrossings: [RecentCrossing] = []) {
        self.now = now
        self.clockSynced = clockSynced
        self.reference = reference
        self.vehicles = reference == nil ? nil : vehicles ?? reference.map(VehicleIndex.init)
        self.activeFaults = activeFaults
        self.recentCrossings = recentCrossings
    }
}
