import LaneModel
import Lanes

/// An officer's override as the local API receives it.
public struct OverrideRequest: Sendable, Equatable {
    public var lane: String
    public var crossing: String
    public var decision: Decision
    public var officer: String
    public var reason: String
    /// The officer's PIN or signature; the daemon refuses a request without one.
    public var credential: OfficerCredential?

    public init(lane: String, crossing: String, decision: Decision, officer: String, reason: String, credential: OfficerCredential? = nil) {
        self.lane = lane
        self.crossing = crossing
        self.decision = decision
        self.officer = officer
        self.reason = reason
        self.credential = credential
    }
}

/// A committed override: the record body and its seq.
public struct OverrideReceipt: Sendable {
    public var override: CrossingOverride
    public var seq: Int

    public var jsonValue: JSONValue {
        guard case .object(var members) = override.jsonValue else { return override.jsonValue }
        members["seq"] = .number(Double(seq))
        return .object(members)
    }
}
