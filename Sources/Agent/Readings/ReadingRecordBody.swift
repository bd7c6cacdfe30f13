import LaneModel

/// The body of a `reading.*` record (every kind but `reading.weight`): the reading within
/// `ReadingLimits`, the driver that read it and the evidence files stored for it.
public struct ReadingRecordBody: RecordBody {
    public var reading: Reading
    /// The device's driver (`laneagent diag drivers`).
    public var driver: String
    public var evidence: [EvidenceReference]

    public init(reading: Reading, driver: String, evidence: [EvidenceReference]) {
        self.reading = reading
        self.driver = driver
        self.evidence = evidence
    }

    public var recordKind: RecordKind { reading.kind.recordKind }

    public func write(to members: inout RecordMembers) {
        reading.write(to: &members)
        // The limits cut the reading's own members only: the driver is configuration and the
        // references are the board's own, both bounded already.
        let cut = members.limit(ReadingLimits.apply)
        members.optional("cut", cut)
        members.required("driver", driver)
        members.required("evidence", evidence)
    }
}
