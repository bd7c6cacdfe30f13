import DeviceKit

/// What the device gateway does with a request whose body it has read: record it (the daemon)
/// or explain it (`diag webhook`).
public protocol GatewayHandler: Sendable {
    /// The reply for `request`, which came from `source` (an IP address).
    func handle(_ request: DeviceRequest, source: String) async -> EventReply
}

extension EventReply {
    /// A plain-text reply for refusals.
    static func message(_ status: Int, _ text: String) -> EventReply {
        EventReply(status: status, contentType: "text/plain; charset=utf-8", body: Array((text + "\n").utf8))
    }
}
