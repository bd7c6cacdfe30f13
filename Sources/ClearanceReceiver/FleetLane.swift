import LaneModel

/// One lane of a board as the fleet view shows it: its newest decisions and running counts.
public struct FleetLane: Sendable, Equatable {
    public var lane: String
    /// Decisions folded, by outcome.
    public var decisions: [Decision: Int] = [:]
    /// Officers' overrides taken (`crossing.override`) and refused (`override.refused`).
    public var overrides = 0
    public var refusedOverrides = 0
    /// The newest decisions, newest first (at most `FleetLedger.recentDecisions`).
    public var recent: [FleetDecision] = []

    public init(lane: String) { self.lane = lane }

    var jsonValue: JSONValue {
        .object([
            "lane": .string(lane),
            "decisions": .object(Dictionary(uniqueKeysWithValues: Decision.allCases.map { ($0.rawValue, .number(Double(decisions[$0, default: 0]))) })),
            "overrides": .number(Double(overrides)), "refusedOverrides": .number(Double(refusedOverrides)),
            "recent": .array(recent.map(\.jsonValue)),
        ])
    }

    init?(json: JSONValue) {
        guard let lane = json["lane"]?.stringValue else { return nil }
        self.init(lane: lane)
        for decision in Decision.allCases {
            if let count = json["decisions"]?[decision.rawValue]?.integerValue, count > 0 { decisions[decision] = count }
        }
        overrides = max(0, json["overrides"]?.integerValue ?? 0)
        refusedOverrides = max(0, json["refusedOverrides"]?.integerValue ?? 0)
        recent = (json["recent"]?.arrayValue ?? []).compactMap(FleetDecision.init(json:))
    }
}

/// One decision of a lane as the fleet view lists it.
public struct FleetDecision: Sendable, Equatable {
    /// The record's time on the board's clock.
    public var time: Timestamp
    public var decision: Decision
    public var crossing: String?
    /// The plate (cargo) or document number (people) the decision was about, when the body named one.
    public var plate: String?
    /// The decision an officer's override set afterwards, if one did.
    public var overriddenTo: Decision?

    public init(time: Timestamp, decision: Decision, crossing: String?, plate: String?, overriddenTo: Decision? = nil) {
        self.time = time
        self.decision = decision
        self.crossing = crossing
        self.plate = plate
        self.overriddenTo = overriddenTo
    }

    var jsonValue: JSONValue {
        var object: [String: JSONValue] = ["time": .string(time.rfc3339), "decision": .string(decision.rawValue)]
        if let crossing { object["crossing"] = .string(crossing) }
        if let plate { object["plate"] = .string(plate) }
        if let overriddenTo { object["overriddenTo"] = .string(overriddenTo.rawValue) }
        return .object(object)
    }

    init?(json: JSONValue) {
        guard let time = json["time"]?.stringValue.flatMap(Timestamp.init(rfc3339:)),
              let decision = json["decision"]?.stringValue.flatMap(Decision.init(rawValue:)) else { return nil }
        self.init(time: time, decision: decision, crossing: json["crossing"]?.stringValue, plate: json["plate"]?.stringValue,
                  overriddenTo: json["overriddenTo"]?.stringValue.flatMap(Decision.init(rawValue:)))
    }
}
