import LaneModel
import Rules

/// One decision for one vehicle or person: the body of a `crossing.decision` record.
public struct CrossingDecision: RecordBody, Hashable {
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

    public var recordKind: RecordKind { .crossingDecision }

    /// The record body. `lastEvidenceAt` stays out: it is for latency figures, not for central.
    public func write(to members: inout RecordMembers) {
        members.required("crossing", crossing)
        members.required("lane", lane)
        members.required("laneKind", kind)
        members.required("decision", decision)
        members.required("reasons", reasons)
        members.required("rulePack", rulePack)
        members.required("reference", referenceVersion.map { ["version": .number(Double($0)), "ageSeconds": referenceAgeSeconds.jsonValue] as JSONValue })
        members.required("readings", readings)
        members.required("subject", subject)
        members.required("startedAt", startedAt)
        members.required("decidedAt", decidedAt)
    }
}
