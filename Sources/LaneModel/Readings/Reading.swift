/// One typed, timestamped reading from a lane device (camera, reader, scanner, terminal), with
/// the files it came with. Scales have their own `WeightReading`.
public struct Reading: RecordObject, Hashable {
    /// The configured id of the device (`[[devices]] id`).
    public var device: String
    /// When the device saw it: the event's own time when it carries one, else when it arrived.
    public var time: Timestamp
    public var detail: ReadingDetail
    /// Pictures, scan images and biometric files sent with the reading.
    public var evidence: [EvidenceItem]

    public init(device: String, time: Timestamp, detail: ReadingDetail, evidence: [EvidenceItem] = []) {
        self.device = device
        self.time = time
        self.detail = detail
        self.evidence = evidence
    }

    public var kind: ReadingKind { detail.kind }

    /// `{"device","time",…the kind's fields}`: the record body before evidence references are added.
    public func write(to members: inout RecordMembers) {
        members.required("device", device)
        members.required("time", time)
        detail.write(to: &members)
    }
}
