import LaneModel

/// An officer's decision replacing the lane's: the body of a `crossing.override` record.
public struct CrossingOverride: RecordBody, Hashable {
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

    public var recordKind: RecordKind { .crossingOverride }

    /// The record body.
    public func write(to members: inout RecordMembers) {
        members.required("crossing", crossing)
        members.required("lane", lane)
        members.required("decision", decision)
        members.required("previous", previous)
        members.required("officer", officer)
        members.required("reason", reason)
        members.required("at", at)
        members.optional("authenticated", authenticated)
    }
}
