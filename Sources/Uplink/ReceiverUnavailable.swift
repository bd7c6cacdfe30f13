/// No receiver answered a request: the last one tried could not be reached. `wait` is how long
/// the route says to wait before the next attempt (a backoff once every URL failed in a row).
public struct ReceiverUnavailable: Error, CustomStringConvertible {
    /// The base URL of the receiver tried last.
    public let url: String
    /// What went wrong there.
    public let detail: String
    public let wait: Duration

    public var description: String { "\(url): \(detail)" }
}
