import Foundation

/// `[uplink]`: where and how the agent uploads its journal and fetches reference data.
public struct UplinkSettings: Sendable, Equatable {
    /// The receivers' base URLs in order of preference (`[uplink] url`, or each of `urls`), each
    /// ending in `/`; never empty. They serve one shared store, so any of them may take any batch.
    public private(set) var baseURLs: [String]
    /// The preferred receiver's base URL (the first).
    public var baseURL: String { baseURLs[0] }
    /// How long the board stays on a later receiver before it tries the first one again.
    public var failbackSeconds = 300
    /// PEM file of the CA that signed the server's certificate (https only).
    public var caFile: String?
    /// PEM client certificate and key for mutual TLS.
    public var certFile: String?
    public var keyFile: String?
    /// Raw 32-byte Ed25519 public key that signs reference data.
    public var centralKey: [UInt8]?
    public var batchMaxRecords = 1000
    public var batchMaxBytes = 1_048_576
    /// Longest wait between retries of a failing upload (capped exponential backoff).
    public var retryMaxSeconds = 60
    /// Wait before retrying a batch the server refused (400/401/403): these need a person.
    public var rejectedRetrySeconds = 600
    /// Longest one request may take before it counts as failed and is retried.
    public var requestTimeoutSeconds = 60

    /// One receiver at `baseURL`, or several: `baseURL` first, then `alternates` in order.
    public init(baseURL: String, alternates: [String] = []) {
        baseURLs = ([baseURL] + alternates).map { $0.hasSuffix("/") ? $0 : $0 + "/" }
    }

    /// These settings with `url` as the only receiver (to check one of several alone).
    public func only(_ url: String) -> UplinkSettings {
        var copy = self
        copy.baseURLs = [url.hasSuffix("/") ? url : url + "/"]
        return copy
    }

    /// The absolute URL of a contract path such as `v1/records:batch` at the preferred receiver.
    public func url(_ path: String) -> String { baseURL + path }

    /// True when any receiver URL uses TLS (the client then loads the TLS material).
    public var isTLS: Bool { baseURLs.contains(where: Self.isTLS) }

    /// True when `url` uses TLS.
    public static func isTLS(_ url: String) -> Bool { url.lowercased().hasPrefix("https://") }

    /// Host and port the preferred URL names, for diagnostics.
    public var hostAndPort: (host: String, port: Int)? { Self.hostAndPort(baseURL) }

    /// Host and port `url` names.
    public static func hostAndPort(_ url: String) -> (host: String, port: Int)? {
        guard let components = URLComponents(string: url), let host = components.host else { return nil }
        return (host, components.port ?? (isTLS(url) ? 443 : 80))
    }

    /// True for hosts that never leave the machine, where plain http is allowed: `localhost`,
    /// `::1` and the IPv4 addresses 127.0.0.0/8 written as addresses. A name that merely starts
    /// with `127.` (`127.example.net`) is any host on the internet.
    public static func isLoopback(host: String) -> Bool {
        var host = host.lowercased()
        if host.hasPrefix("["), host.hasSuffix("]") { host = String(host.dropFirst().dropLast()) }
        if host == "localhost" || host == "::1" { return true }
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return false }
        return withUnsafeBytes(of: &address) { $0[0] } == 127
    }
}

/// `[reference]`: where reference data comes from and how often it is refreshed.
public struct ReferenceSettings: Sendable, Equatable {
    /// A signed reference file on disk to load instead of fetching (sites offline for days).
    public var file: String?
    /// Seconds between fetches from the clearance service.
    public var refreshSeconds = 300

    public init(file: String? = nil, refreshSeconds: Int = 300) {
        self.file = file
        self.refreshSeconds = refreshSeconds
    }
}
