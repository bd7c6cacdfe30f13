/// A request a polled device must be sent to produce a reading, and how often.
public struct SerialPoll: Sendable, Hashable {
    public var request: [UInt8]
    public var interval: Duration

    public init(request: [UInt8], interval: Duration) {
        self.request = request
        self.interval = interval
    }
}
