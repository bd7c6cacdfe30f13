import LaneModel

/// A lane device that is not working (port gone, frames failing, terminal unreachable).
public struct DeviceFault: Sendable, Hashable {
    public var device: String
    public var reason: String
    public var since: Timestamp

    public init(device: String, reason: String, since: Timestamp) {
        self.device = device
        self.reason = reason
        self.since = since
    }
}
