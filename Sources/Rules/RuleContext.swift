import LaneModel

/// What the rules need besides the crossing's own evidence.
public struct RuleContext: Sendable {
    /// The decision time (event time in replay).
    public var now: Timestamp
    /// False when the kernel reports the clock unsynchronised (or replay says so).
    public var clockSynced: Bool
    /// The last verified reference data, if any.
    public var reference: ReferenceData?
    /// Faults of the lane's devices still open at decision time.
    public var activeFaults: [DeviceFault]
    /// This lane's recent decisions, newest last.
    public var recentCrossings: [RecentCrossing]

    public init(now: Timestamp, clockSynced: Bool, reference: ReferenceData?, activeFaults: [DeviceFault] = [],
                recentCrossings: [RecentCrossing] = []) {
        self.now = now
        self.clockSynced = clockSynced
        self.reference = reference
        self.activeFaults = activeFaults
        self.recentCrossings = recentCrossings
    }
}
