import LaneModel

/// What a network driver made of one request: the readings it carried (none for heartbeats
/// and polls) and the reply the device expects.
public struct EventOutcome: Sendable, Hashable {
    public var readings: [Reading]
    public var reply: EventReply
    /// For requests that carry no reading: what they were (`heartbeat`, `options poll`), for logs and `diag webhook`.
    public var note: String?

    public init(readings: [Reading], reply: EventReply = EventReply(), note: String? = nil) {
        self.readings = readings
        self.reply = reply
        self.note = note
    }
}
