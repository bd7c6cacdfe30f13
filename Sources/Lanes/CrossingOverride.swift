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
    /// How the daemon authenticated the officer (`pin`, `key`); nil where no one was asked, as
    /// when `lane replay` plays a recorded override.
    public var authenticated: String?

    public init(crossing: String, lane: String, decision: Decision, previous: Decision, officer: String, reason: String, at: Timestamp,
                authenticated: String? = nil) {
        self.crossing = crossing
        self.lane = lane
        self.decision = decision
        self.previous = previous
        self.officer = officer
        self.reason = reason
        self.at = at
        self.authenticated = authenticated
    }

    /// The record body.
    public var jsonValue: JSONValue {
        var members: [String: JSONValue] = [
            "crossing": .string(crossing), "lane": .string(lane), "decision": .string(decision.rawValue), "previous": .string(previous.rawValue),
            "officer": .string(officer), "reason": .string(reason), "at": .string(at.rfc3339),
        ]
        if let authenticated { members["authenticated"] = .string(authenticated) }
        return .object(members)
    }
}
