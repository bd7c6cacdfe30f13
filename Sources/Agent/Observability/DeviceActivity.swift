import LaneModel

/// What the daemon has seen of one configured device since it started: a row of the status
/// page and the source of the per-device metrics.
public struct DeviceActivity: Sendable, Equatable {
    public let device: String
    public let kind: String
    public let driver: String
    /// Where it is attached: a port, a folder or its network addresses.
    public let location: String
    /// The lane it feeds, if any.
    public let lane: String?
    /// Whether its port is open; nil until it reports (devices that post over HTTP never do).
    public var connected: Bool?
    /// Valid frames or events: every reading the driver produced.
    public var frames = 0
    /// Rejected frames, garbage and refused events.
    public var frameErrors = 0
    /// Times its port was opened again after it was lost.
    public var reconnects = 0
    public var lastReadingAt: Timestamp?
    /// The last failure or rejection, if any.
    public var lastError: String?
    /// When the fault still open began; nil while it works.
    public var faultSince: Timestamp?

    public init(device: String, kind: String, driver: String, location: String, lane: String?) {
        self.device = device
        self.kind = kind
        self.driver = driver
        self.location = location
        self.lane = lane
    }

    /// Seconds since the last reading at `now`, nil when there was none.
    public func lastReadingAge(at now: Timestamp) -> Double? {
        lastReadingAt.map { Double(max(0, now.millisecondsSinceEpoch - $0.millisecondsSinceEpoch)) / 1000 }
    }
}
