import LaneModel

/// What the uplink has done since the daemon started: the status page's uplink panel and the
/// uplink metrics.
public struct UplinkActivity: Sendable, Equatable {
    /// Batches the receiver accepted.
    public var batches = 0
    /// Records and compressed bytes in those batches.
    public var records = 0
    public var bytes = 0
    /// Attempts that failed and will be retried (network, 5xx, `Retry-After`).
    public var retries = 0
    /// Attempts refused in a way a person must look at (fork, lost records, 4xx).
    public var faults = 0
    public var lastAcceptedAt: Timestamp?
    /// The last problem, cleared by the next accepted batch.
    public var lastProblem: String?
    /// The base URL of the receiver in use, and every configured one in order of preference.
    public var receiver: String?
    public var receivers: [String] = []
    /// Times the board moved to another receiver URL.
    public var receiverSwitches = 0

    public init() {}
}
