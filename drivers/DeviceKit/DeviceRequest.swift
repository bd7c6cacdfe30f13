import LaneModel

/// One HTTP request a network device sent to the agent's device gateway (or that a simulator
/// is about to send), reduced to what drivers read.
public struct DeviceRequest: Sendable, Hashable {
    /// `GET` or `POST`.
    public var method: String
    /// The path without the query, such as `/devices/plate-1/events` or `/iclock/cdata`.
    public var path: String
    /// Query parameters; for a repeated name, the first.
    public var query: [String: String]
    /// Header fields by lower-case name.
    public var headers: [String: String]
    public var body: [UInt8]
    /// When the gateway had the whole body.
    public var time: Timestamp

    public init(method: String, path: String, query: [String: String] = [:], headers: [String: String] = [:], body: [UInt8] = [],
                time: Timestamp = .now()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = Dictionary(headers.map { ($0.key.lowercased(), $0.value) }) { first, _ in first }
        self.body = body
        self.time = time
    }

    /// The `Content-Type` header, if any.
    public var contentType: String? { headers["content-type"] }
}
