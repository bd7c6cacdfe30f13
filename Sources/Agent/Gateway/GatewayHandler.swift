import DeviceKit

/// What the device gateway does with a request whose body it has read: record it (the daemon)
/// or explain it (`diag webhook`).
public protocol GatewayHandler: Sendable {
    /// The reply for `request`, which came from `source` (an IP address).
    func handle(_ request: DeviceRequest, source: String) async -> EventReply

    /// The refusal for a request whose head alone (`request` with an empty body) already
    /// decides it (no such device, a source outside its address list), or nil to read the body:
    /// a stranger's body is never read into memory.
    func refusal(before request: DeviceRequest, source: String) -> EventReply?
}

extension GatewayHandler {
    public func refusal(before request: DeviceRequest, source: String) -> EventReply? { nil }
}

extension EventReply {
    /// A plain-text reply for refusals.
    static func message(_ status: Int, _ text: String) -> EventReply {
        EventReply(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}
