import Agent
import Lanes
import LaneModel

/// One line replay prints: what the daemon would have committed or done, as one JSON object.
public enum ReplayOutput: Sendable, Hashable {
    /// A lane's decision, printed where the daemon commits its `crossing.decision` record.
    case decision(CrossingDecision)
    /// An officer's override, printed where the daemon commits its `crossing.override` record.
    case override(CrossingOverride)
    /// A barrier, turnstile or lights action, printed where the daemon drives the GPIO line.
    case actuation(lane: String, action: Actuation, crossing: String?, at: Timestamp)

    /// `{"type":"decision","lane","crossing","decision","reasons":[{"rule","outcome","detail"}],"rulePack","at"}`,
    /// `{"type":"override","lane","crossing","decision","previous","officer","reason","at"}` or
    /// `{"type":"actuation","lane","action","crossing","at"}` (crossing null when none is open).
    public var jsonValue: JSONValue {
        switch self {
        case .decision(let decision):
            ["type": "decision", "lane": .string(decision.lane), "crossing": .string(decision.crossing),
             "decision": .string(decision.decision.rawValue), "reasons": .array(decision.reasons.map(\.jsonValue)),
             "rulePack": decision.rulePack, "at": .string(decision.decidedAt.rfc3339)]
        case .override(let override):
            ["type": "override", "lane": .string(override.lane), "crossing": .string(override.crossing),
             "decision": .string(override.decision.rawValue), "previous": .string(override.previous.rawValue),
             "officer": .string(override.officer), "reason": .string(override.reason), "at": .string(override.at.rfc3339)]
        case .actuation(let lane, let action, let crossing, let at):
            ["type": "actuation", "lane": .string(lane), "action": .string(action.rawValue),
             "crossing": crossing.map(JSONValue.string) ?? .null, "at": .string(at.rfc3339)]
        }
    }

    /// The line as printed: canonical JSON (keys sorted), so runs compare byte for byte.
    public var line: String { String(decoding: CanonicalJSON.encode(jsonValue), as: UTF8.self) }
}
