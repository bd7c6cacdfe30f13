/// `[http]`: the local device gateway that cameras and terminals post their events to.
public struct GatewaySettings: Sendable, Equatable {
    /// The address to listen on; `0.0.0.0` for every interface of the board.
    public var host: String
    public var port: Int
    /// Requests with a larger body are refused (413) before they are read.
    public var maxBodyBytes: Int

    public init(host: String = "0.0.0.0", port: Int = 8088, maxBodyBytes: Int = 8 * 1_048_576) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
    }
}
