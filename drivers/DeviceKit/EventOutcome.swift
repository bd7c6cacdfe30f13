import LaneModel

/// What a network driver made of one request: the readings it carried (none for heartbeats
/// and polls) and the reply the device expects.
public struct EventOutcome: Sendable, Hashable {
    public var readings: [Reading]
    public var reply: EventReply
    /// For requests that carry no reading: what they were (`heartbeat`, `options poll`), for logs and `diag webhook`.
    public var note: String?
    /// Parts of an accepted request the driver could not use (a malformed line in a batch whose
    /// other lines were good): each becomes a device fault, while the request is still answered
    /// as accepted so the device does not resend the batch forever.
    public var problems: [String]

    public init(readings: [Reading], reply: EventReply = EventReply(), note: String? = nil, problems: [String] = []) {
        self.readings = readings
        self.reply = reply
        self.note = note
        self.problems = problems
    }
}
