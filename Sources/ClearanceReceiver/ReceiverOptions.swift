import Foundation
import Records

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
    /// SHA-256 (hex) of each reader token: `Authorization: Bearer <token>` with one of them is
    /// the reader role, which alone reads every device's records and evidence (`--reader-tokens`).
    public var readerTokenHashes: Set<String> = []
    /// Most connections open at once; newer ones are closed at once (`--max-connections`).
    public var maxConnections = 1024
    /// Most connections open at once from one address: a site's boards behind one NAT.
    public var maxConnectionsPerAddress = 64
    /// A connection that sends no whole request within this many seconds of opening or of its
    /// last answer is closed: a 16 MiB batch over a slow site link fits, a trickle does not.
    public var requestTimeoutSeconds = 120
    /// Batches verified at once; more get `503` with `Retry-After`.
    public var maxConcurrentBatches = 32
    /// This receiver among those sharing one database (`--instance`): named in the fleet view and in receipts.
    public var instance = ReceiverOptions.defaultInstance

    /// The central key that signs the receipt on every `200` (`--receipt-key`).
    public var receiptKey: DeviceKey

    public init(host: String, port: Int, dataDirectory: String, registryPath: String, receiptKey: DeviceKey) {
        self.receiptKey = receiptKey
        self.host = host
        self.port = port
        self.dataDirectory = dataDirectory
        self.registryPath = registryPath
    }

    /// The machine's host name, or `receiver` when it has none.
    public static var defaultInstance: String {
        let name = ProcessInfo.processInfo.hostName
        return name.isEmpty ? "receiver" : name
    }

    /// Whether `host` is reachable only from this machine: 127.0.0.0/8, ::1 (with or without
    /// brackets) and `localhost`; a name that resolves elsewhere, or 0.0.0.0, is not.
    public static func isLoopback(_ host: String) -> Bool {
        let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
        if bare.lowercased() == "localhost" { return true }
        var v4 = in_addr()
        if inet_pton(AF_INET, bare, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
        return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
    }
}
