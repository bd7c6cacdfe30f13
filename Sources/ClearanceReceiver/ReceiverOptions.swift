/// How `clearance-receiver serve` runs.
public struct ReceiverOptions: Sendable {
    public var host: String
    public var port: Int
    public var dataDirectory: String
    public var registryPath: String
    public var tlsCertFile: String?
    public var tlsKeyFile: String?
    public var clientCAFile: String?
    /// Largest body accepted, compressed and decompressed alike (413 above it).
    public var maxBodyBytes = 16 * 1024 * 1024
    /// Batches verified at once; more get `503` with `Retry-After`.
    public var maxConcurrentBatches = 32

    public init(host: String, port: Int, dataDirectory: String, registryPath: String) {
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.registryPath = registryPath
    }
}
