import ConfigFile
import Foundation
import Journal
import Records

/// `[http]` and `[evidence]` of the agent's configuration.
enum GatewayConfigSection {
    static func gateway(_ root: TOMLTable, _ validator: ConfigValidator) -> GatewaySettings {
        var settings = GatewaySettings()
        guard let table = validator.section(root, "http", required: false,
                                            contents: """
                                                listen, max_body_kb, max_connections, max_connections_per_address, \
                                                request_timeout_seconds, tls_cert, tls_key, admin_listen
                                                """) else { return settings }
        validator.rejectUnknownKeys(table, "http", known: ["listen", "max_body_kb", "max_connections", "max_connections_per_address", "request_timeout_seconds", "tls_cert",
                                                           "tls_key", AdminConfigSection.key])
        if let listen = validator.string(table, "http", "listen", required: false, expected: "HOST:PORT, such as 0.0.0.0:8088", check: {
            ListenAddress($0) == nil ? "is not HOST:PORT" : nil
        }), let address = ListenAddress(listen) {
            settings.host = address.host
            settings.port = address.port
        }
        if let kilobytes = validator.integer(table, "http", "max_body_kb", range: 16...262_144, unit: "KB") {
            settings.maxBodyBytes = Int(kilobytes) * 1024
        }
        if let count = validator.integer(table, "http", "max_connections", range: 4...4096, unit: "connections") { settings.maxConnections = Int(count) }
        if let count = validator.integer(table, "http", "max_connections_per_address", range: 1...1024, unit: "connections") {
            settings.maxConnectionsPerAddress = Int(count)
        }
        if let seconds = validator.integer(table, "http", "request_timeout_seconds", range: 1...600, unit: "s") { settings.requestTimeoutSeconds = Int(seconds) }
        let readable = { (text: String) -> String? in
            guard text.hasPrefix("/") else { return "is not an absolute path" }
            return FileManager.default.isReadableFile(atPath: text) ? nil : "cannot be read"
        }
        settings.tlsCertFile = validator.string(table, "http", "tls_cert", required: false, expected: "the board's PEM certificate (chain)", check: readable)
        // The board's TLS key is refused, like the device key, when group or others can read it.
        settings.tlsKeyFile = validator.string(table, "http", "tls_key", required: false, expected: "a PEM private key only its owner can read (mode 0600)") { text in
            readable(text) ?? PrivateKeyFile.exposedMode(text).map { PrivateKeyFile.problem(text, mode: $0) }
        }
        if (table["tls_cert"] == nil) != (table["tls_key"] == nil) {
            validator.report(.missing, line: (table["tls_cert"] ?? table["tls_key"])!.line, "[http] tls_cert and tls_key go together (the board's certificate for HTTPS)")
        }
        return settings
    }

    static func evidence(_ root: TOMLTable, _ validator: ConfigValidator) -> EvidenceSettings {
        var settings = EvidenceSettings()
        guard let table = validator.section(root, "evidence", required: false, contents: "seal_to, max_mb") else { return settings }
        validator.rejectUnknownKeys(table, "evidence", known: ["seal_to", "max_mb"])
        if let key = validator.string(table, "evidence", "seal_to", required: false, expected: "the central service's X25519 public key, 32 bytes in base64", check: {
            guard let bytes = Data(base64Encoded: $0) else { return "is not base64" }
            return bytes.count == 32 ? nil : "decodes to \(bytes.count) bytes, not 32"
        }) {
            settings.sealTo = Data(base64Encoded: key).map(Array.init)
        }
        if let megabytes = validator.integer(table, "evidence", "max_mb", range: 1...1_000_000, unit: "MB") { settings.maxMB = Int(megabytes) }
        return settings
    }
}
