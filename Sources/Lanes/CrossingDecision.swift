import LaneModel
import Rules

/// One decision for one vehicle or person: the body of a `crossing.decision` record.
public struct CrossingDecision: Sendable, Hashable {
    /// The crossing's id, `<lane>-<yyyyMMdd>-<HHmmss>` of its start (UTC), with `-2`, `-3` … if needed.
    public var crossing: String
    public var lane: String
    public var kind: LaneKind
    public var decision: Decision
    public var reasons: [RuleResult]
    /// `{"name","version","sha256"}` of the rule pack.
    public var rulePack: JSONValue
    /// Version and age of the reference data used, nil when there was none.
    public var referenceVersion: Int?
    public var referenceAgeSeconds: Int?
    /// The reading records the decision used.
    public var readings: [ReadingReference]
    /// Plate, weight, containers (cargo) or document number, subject (people), for officers.
    public var subject: JSONValue
    public var startedAt: Timestamp
    /// Time of the last evidence the decision used (for latency measurements).
    public var lastEvidenceAt: Timestamp?
    public var decidedAt: Timestamp

    public init(crossing: String, lane: String, kind: LaneKind, decision: Decision, reasons: [RuleResult], rulePack: JSONValue,
                referenceVersion: Int?, referenceAgeSeconds: Int?, readings: [ReadingReference], subject: JSONValue,
                startedAt: Timestamp, lastEvidenceAt: Timestamp?, decidedAt: Timestamp) {
        self.crossing = crossing
        self.lane = lane
        self.kind = kind
        self.decision = decision
        self.reasons = reasons
        self.rulePack = rulePack
        self.referenceVersion = referenceVersion
        self.referenceAgeSeconds = referenceAgeSeconds
        self.readings = readings
        self.subject = subject
        self.startedAt = startedAt
        self.lastEvidenceAt = lastEvidenceAt
        self.decidedAt = decidedAt
    }

    /// The record body.
    public var jsonValue: JSONValue {
        [
            "crossing": .string(crossing), "lane": .string(lane), "laneKind": .string(kind.rawValue),
            "decision": .string(decision.rawValue), "reasons": .array(reasons.map(\.jsonValue)), "rulePack": rulePack,
            "reference": referenceVersion.map { ["version": .number(Double($0)), "ageSeconds": referenceAgeSeconds.map { .number(Double($0)) } ?? .null] } ?? .null,
            "readings": .array(readings.map(\.jsonValue)), "subject": subject,
            "startedAt": .string(startedAt.rfc3339), "decidedAt": .string(decidedAt.rfc3339),
        ]
    }
}
