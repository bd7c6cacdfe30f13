/// `[http]`: the local device gateway that cameras and terminals post their events to.
public struct GatewaySettings: Sendable, Equatable {
    /// The address to listen on; `0.0.0.0` for every interface of the board.
    public var host: String
    public var port: Int
    /// Requests with a larger body are refused (413) before they are read.
    public var maxBodyBytes: Int
    /// Most connections open at once (`max_connections`); newer ones are closed at once.
    public var maxConnections = 256
    /// Most connections open at once from one address (`max_connections_per_address`): a lane
    /// has a handful of devices, each with a connection or two.
    public var maxConnectionsPerAddress = 16
    /// A connection that sends no whole request within this many seconds of opening or of its
    /// last answer is closed (`request_timeout_seconds`).
    public var requestTimeoutSeconds = 30
    /// The board's certificate and key (PEM) to serve HTTPS to devices that support it
    /// (`tls_cert`, `tls_key`); plain HTTP without them.
    public var tlsCertFile: String?
    public var tlsKeyFile: String?

    public init(host: String = "0.0.0.0", port: Int = 8088, maxBodyBytes: Int = 8 * 1_048_576) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
