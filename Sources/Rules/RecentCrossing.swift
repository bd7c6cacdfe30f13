import LaneModel

/// A crossing the lane decided recently, for `crossing.repeat`: who or what crossed, and when.
public struct RecentCrossing: Sendable, Hashable {
    /// The normalised plate (cargo) or document number (people).
    public var key: String
    public var decision: Decision
    public var decidedAt: Timestamp

    public init(key: String, decision: Decision, decidedAt: Timestamp) {
        self.key = key
        self.decision = decision
        self.decidedAt = decidedAt
    }
}
