import ClearanceReceiver
import Foundation

/// Where the receivers' PostgreSQL is, from `--postgres URL`: libpq's URL form,
/// `postgres://USER[:PASSWORD]@HOST[:PORT]/DATABASE[?sslmode=disable|require][&host=/socket/dir]`.
/// The password may instead come from `PGPASSWORD`, so it stays out of `ps` and unit files.
public struct PostgresAddress: Sendable, Equatable {
    public enum Endpoint: Sendable, Equatable {
        case tcp(host: String, port: Int)
        /// The server's socket file: `DIR/.s.PGSQL.PORT`.
        case socket(path: String)
    }

    /// Whether the connection is encrypted: `require` verifies the server's certificate against the
    /// system's CAs (or `sslrootcert`); `disable` sends everything in the clear.
    public enum TLSMode: String, Sendable, Equatable {
        case disable
        case require
    }

    public var endpoint: Endpoint
    public var user: String
    public var password: String?
    public var database: String
    public var tls: TLSMode
    /// PEM CA file that signs the server's certificate (`sslrootcert`).
    public var rootCertificate: String?

    /// The URL with its password hidden: what logs and errors show.
    public let display: String

    /// Parses `url`; every problem names the part that is wrong. `environment` supplies `PGPASSWORD`.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws(ReceiverError) {
        guard let components = URLComponents(string: url), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql"
        else { throw .usage("--postgres \(Self.hidingPassword(url)) must be a URL such as postgres://receiver@127.0.0.1:5432/clearance") }
        guard let user = components.user, !user.isEmpty else {
            throw .usage("--postgres \(Self.hidingPassword(url)) names no user: write postgres://USER@HOST/DATABASE")
        }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else {
            throw .usage("--postgres \(Self.hidingPassword(url)) names no database: write postgres://USER@HOST/DATABASE")
        }
        var query: [String: String] = [:]
        for item in components.queryItems ?? [] {
            guard ["sslmode", "host", "sslrootcert"].contains(item.name), let value = item.value else {
                throw .usage("--postgres: parameter \(item.name) is not understood (sslmode, sslrootcert and host are)")
            }
            query[item.name] = value
        }
        let port = components.port ?? 5432
        guard (1...65535).contains(port) else { throw .usage("--postgres: port \(port) is not a TCP port") }
        if let directory = query["host"], directory.hasPrefix("/") {
            endpoint = .socket(path: "\(directory)/.s.PGSQL.\(port)")
        } else if let host = components.host, !host.isEmpty {
            endpoint = .tcp(host: host, port: port)
        } else {
            throw .usage("--postgres \(Self.hidingPassword(url)) names no host (HOST, or ?host=/socket/directory)")
        }
        self.user = user
        self.database = database
        password = components.password ?? environment["PGPASSWORD"]
        rootCertificate = query["sslrootcert"]
        switch query["sslmode"] {
        case nil:
            // Off this machine the database must be reached encrypted unless the operator says otherwise.
            tls = if case .tcp(let host, _) = endpoint, !ReceiverOptions.isLoopback(host) { .require } else { .disable }
        case let mode?:
            guard let chosen = TLSMode(rawValue: mode) else { throw .usage("--postgres: sslmode=\(mode) is not understood (disable or require)") }
            tls = chosen
        }
        if case .socket = endpoint, tls == .require { throw .usage("--postgres: sslmode=require needs a TCP host, not a socket directory") }
        display = Self.hidingPassword(url)
    }

    /// `url` with any password replaced by `***`.
    static func hidingPassword(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? "(the --postgres URL)"
    }
}
