import ArgumentParser
import ClearanceReceiver
import Foundation
import Journal
import Logging

extension ReceiverCommand {
    /// `clearance-receiver serve`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive batches from lane agents until SIGTERM or SIGINT.",
            discussion: """
                Verifies every signature and chain link against --registry (NDJSON, one `laneagent keys show --json` \
                line per device), stores batches in DIR/receiver.sqlite before answering 200, and serves the \
                reference data published with `clearance-receiver reference publish`. Beyond loopback, serve mutual TLS \
                (--tls-cert, --tls-key, --client-ca): plain HTTP there is refused without --allow-insecure, and TLS \
                without --client-ca starts with a warning.
                """)

        @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String
        @Option(help: "Directory for the receiver's database and published reference data.") var data: String
        @Option(help: "NDJSON file of registered devices.") var registry: String
        @Option(help: "PEM server certificate (enables HTTPS).") var tlsCert: String?
        @Option(help: "PEM server private key.") var tlsKey: String?
        @Option(help: "PEM CA that signs device certificates (requires mutual TLS).") var clientCa: String?
        @Option(help: "Largest body accepted, compressed or not (413 above).") var maxBodyBytes = 16 * 1024 * 1024
        @Option(help: "Write the bound port to this file once listening.") var portFile: String?
        @Flag(help: "Serve plain HTTP on an address other machines can reach (refused without it; use TLS with --client-ca instead).")
        var allowInsecure = false

        func run() async throws {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                  (0...65535).contains(port), colon != listen.startIndex
            else { throw ValidationError("--listen \"\(listen)\" must be HOST:PORT, for example 127.0.0.1:8443") }
            guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
            let host = String(listen[..<colon])
            try Self.checkExposure(listen: listen, host: host, tls: tlsCert != nil, clientCA: clientCa != nil, allowInsecure: allowInsecure)
            var options = ReceiverOptions(host: host, port: port, dataDirectory: data, registryPath: registry)
            options.tlsCertFile = tlsCert
            options.tlsKeyFile = tlsKey
            options.clientCAFile = clientCa
            options.maxBodyBytes = maxBodyBytes
            LoggingSystem.bootstrap { StreamLogHandler.standardOutput(label: $0) }
            let logger = Logger(label: "clearance-receiver")
            let server = try ReceiverServer(options: options, logger: logger)
            let portFile = self.portFile
            try await server.run { port in
                guard let portFile else { return }
                try? SyncedFileWriter.produce(portFile) { writer throws(JournalError) in try writer.writeLine(Array("\(port)".utf8)) }
            }
        }

        /// What anyone who can reach an unauthenticated receiver can do. Records are accepted
        /// only with the registered device's signature, but nothing else asks who the caller is:
        /// the read endpoints answer everyone, and `PUT /v1/evidence` takes the device's name
        /// from a header.
        static let exposure = "anyone who can reach it can read every registered device's records, evidence files and reference data, "
            + "and store evidence files under any registered device's name (records themselves are accepted only with the device's signature)"

        /// Loopback stays quiet (tests, demos, a TLS proxy in front). Beyond it: plain HTTP is
        /// refused unless --allow-insecure, and served with a warning when allowed; TLS without
        /// --client-ca starts with a warning, since no client certificate is asked for.
        static func checkExposure(listen: String, host: String, tls: Bool, clientCA: Bool, allowInsecure: Bool) throws {
            guard !isLoopback(host) else { return }
            if !tls {
                guard allowInsecure else {
                    throw ValidationError("""
                        --listen \(listen) would serve plain HTTP to other machines: \(exposure), and the traffic can be read on the way. \
                        Give --tls-cert, --tls-key and --client-ca (mutual TLS), listen on 127.0.0.1 behind a TLS proxy, \
                        or pass --allow-insecure to accept this.
                        """)
                }
                warn("serving plain HTTP on \(listen) (--allow-insecure): \(exposure), and the traffic can be read on the way")
            } else if !clientCA {
                warn("serving TLS on \(listen) without --client-ca, so no client certificate is asked for: \(exposure). "
                     + "Give --client-ca with the CA that signs the devices' certificates")
            }
        }

        static func warn(_ message: String) {
            FileHandle.standardError.write(Data("clearance-receiver: warning: \(message)\n".utf8))
        }

        /// 127.0.0.0/8, ::1 (with or without brackets) and `localhost`; a name that resolves
        /// elsewhere, or an address such as 0.0.0.0, is not.
        static func isLoopback(_ host: String) -> Bool {
            let bare = host.hasPrefix("[") && host.hasSuffix("]") ? String(host.dropFirst().dropLast()) : host
            if bare.lowercased() == "localhost" { return true }
            var v4 = in_addr()
            if inet_pton(AF_INET, bare, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
            var v6 = in6_addr()
            guard inet_pton(AF_INET6, bare, &v6) == 1 else { return false }
            return withUnsafeBytes(of: &v6) { $0.elementsEqual([UInt8](repeating: 0, count: 15) + [1]) }
        }
    }
}
