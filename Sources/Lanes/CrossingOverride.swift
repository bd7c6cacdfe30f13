import LaneModel

/// An officer's decision replacing the lane's: the body of a `crossing.override` record.
public struct CrossingOverride: Sendable, Hashable {
    public var crossing: String
    public var lane: String
    /// CLEAR or HOLD.
    public var decision: Decision
    public var previous: Decision
    public var officer: String
    public var reason: String
    public var at: Timestamp

    public init(crossing: String, lane: String, decision: Decision, previous: Decision, officer: String, reason: String, at: Timestamp) {
        self.crossing = crossing
        self.lane = lane
        self.decision = decision
        self.previous = previous
        self.officer = officer
        self.reason = reason
        self.at = at
    }

    /// The record body.
    public var jsonValue: JSONValue {
        ["crossing": .string(crossing), "lane": .string(lane), "decision": .string(decision.rawValue), "previous": .string(previous.rawValue),
         "officer": .string(officer), "reason": .string(reason), "at": .string(at.rfc3339)]
    }
}
