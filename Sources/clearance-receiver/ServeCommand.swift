import ArgumentParser
import ClearancePostgres
import ClearanceReceiver
import Foundation
import Journal
import LaneModel
import Logging
import Records

extension ReceiverCommand {
    /// `clearance-receiver serve`
    struct Serve: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Receive batches from lane agents until SIGTERM or SIGINT.",
            discussion: """
                Verifies every signature and chain link against --registry (NDJSON, one `laneagent keys show --json` \
                line per device), stores batches in DIR/receiver.sqlite before answering 200 with a receipt signed by \
                --receipt-key (the central key boards pin as [uplink] central_key), and serves the \
                reference data published with `clearance-receiver reference publish`. Beyond loopback, serve mutual TLS \
                (--tls-cert, --tls-key, --client-ca): plain HTTP there is refused without --allow-insecure, and TLS \
                without --client-ca starts with a warning.
                """)

        @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String
        @Option(help: "Directory for the receiver's database and published reference data.") var data: String
        @Option(help: "NDJSON file of registered devices.") var registry: String
        @Option(help: ArgumentHelp("""
            Store records in this PostgreSQL database instead of DIR/receiver.sqlite, shared with any number of receivers:             postgres://USER@HOST[:PORT]/DATABASE[?sslmode=require|disable][&host=/socket/dir]; the password from PGPASSWORD.
            """, valueName: "URL"))
        var postgres: String?
        @Flag(help: "With --postgres: wait (logging why) until the database can be reached instead of exiting.") var waitForDatabase = false
        @Option(help: "This receiver's name among those sharing a database (default: the host name).") var instance: String?
        @Option(help: ArgumentHelp("The central key file (`keys init`): signs the receipt every 200 carries; boards pin its public key.", valueName: "FILE"))
        var receiptKey: String
        @Option(help: "PEM server certificate (enables HTTPS).") var tlsCert: String?
        @Option(help: "PEM server private key.") var tlsKey: String?
        @Option(help: "PEM CA that signs device certificates (requires mutual TLS).") var clientCa: String?
        @Option(help: "Largest body accepted, compressed or not (413 above).") var maxBodyBytes = 16 * 1024 * 1024
        @Option(help: ArgumentHelp("""
            File of reader-token SHA-256s (hex, one per line, # comments): `Authorization: Bearer <token>` with one of them may read records and evidence.
            """, valueName: "FILE"))
        var readerTokens: String?
        @Option(help: "Most connections open at once; newer ones are closed at once.") var maxConnections = 1024
        @Option(help: "Most connections open at once from one address.") var maxConnectionsPerAddress = 64
        @Option(help: "Close a connection that sends no whole request within this many seconds.") var requestTimeoutSeconds = 120
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
            let signingKey: DeviceKey
            do { signingKey = try DeviceKey.load(from: receiptKey) } catch { throw ValidationError("--receipt-key \(receiptKey): \(error)") }
            var options = ReceiverOptions(host: host, port: port, dataDirectory: data, registryPath: registry, receiptKey: signingKey)
            options.tlsCertFile = tlsCert
            options.tlsKeyFile = tlsKey
            // The server's TLS key, like every private key here, must be its owner's alone.
            if let tlsKey, let mode = PrivateKeyFile.exposedMode(tlsKey) {
                throw ValidationError("--tls-key \(tlsKey) " + PrivateKeyFile.problem(tlsKey, mode: mode))
            }
            options.clientCAFile = clientCa
            options.maxBodyBytes = maxBodyBytes
            guard maxConnections >= 4, maxConnectionsPerAddress >= 1, maxConnectionsPerAddress <= maxConnections else {
                throw ValidationError("--max-connections must be at least 4 and --max-connections-per-address from 1 to it")
            }
            guard (1...3600).contains(requestTimeoutSeconds) else { throw ValidationError("--request-timeout-seconds must be from 1 to 3600") }
            options.maxConnections = maxConnections
            options.maxConnectionsPerAddress = maxConnectionsPerAddress
            options.requestTimeoutSeconds = requestTimeoutSeconds
            if let readerTokens { options.readerTokenHashes = try Self.readerTokenHashes(readerTokens) }
            if let instance {
                guard Identifier.isValid(instance) else { throw ValidationError("--instance \"\(instance)\" must be \(Identifier.allowedDescription)") }
                options.instance = instance
            }
            LoggingSystem.bootstrap { StreamLogHandler.standardOutput(label: $0) }
            let logger = Logger(label: "clearance-receiver")
            var store: (any ReceiverStorage)?
            if let postgres {
                let address = try PostgresAddress(url: postgres)
                store = try await PostgresReceiverStore.open(address, logger: logger, waitForDatabase: waitForDatabase)
                logger.notice("storing in PostgreSQL", metadata: ["database": "\(address.display)", "instance": "\(options.instance)"])
            } else if waitForDatabase {
                throw ValidationError("--wait-for-database goes with --postgres")
            }
            let server = try ReceiverServer(options: options, logger: logger, store: store)
            let portFile = self.portFile
            try await server.run { port in
                guard let portFile else { return }
                try? SyncedFileWriter.produce(portFile) { writer throws(JournalError) in try writer.writeLine(Array("\(port)".utf8)) }
            }
        }

        /// What is lost without client certificates. Uploads still need the device's signature,
        /// evidence a record of that device naming it, and reads a reader token (or nothing is
        /// read at all off loopback); but no connection is tied to a device.
        static let exposure = "no connection is tied to a device: uploads are accepted on the device's signature alone, "
            + "and anyone who holds a reader token reads every device's records and evidence"
        /// What plain HTTP adds: everything crosses the network readable.
        static let plainExposure = exposure + "; records, evidence files and reader tokens cross the network readable by anyone on the path"

        /// Loopback stays quiet (tests, demos, a TLS proxy in front). Beyond it: plain HTTP is
        /// refused unless --allow-insecure, and served with a warning when allowed; TLS without
        /// --client-ca starts with a warning, since no client certificate is asked for.
        static func checkExposure(listen: String, host: String, tls: Bool, clientCA: Bool, allowInsecure: Bool) throws {
            guard !isLoopback(host) else { return }
            if !tls {
                guard allowInsecure else {
                    throw ValidationError("""
                        --listen \(listen) would serve plain HTTP to other machines: \(plainExposure). \
                        Give --tls-cert, --tls-key and --client-ca (mutual TLS), listen on 127.0.0.1 behind a TLS proxy, \
                        or pass --allow-insecure to accept this.
                        """)
                }
                warn("serving plain HTTP on \(listen) (--allow-insecure): \(plainExposure)")
            } else if !clientCA {
                warn("serving TLS on \(listen) without --client-ca, so no client certificate is asked for: \(exposure). "
                     + "Give --client-ca with the CA that signs the devices' certificates")
            }
        }

        /// The hashes in a reader-tokens file; a line that is not 64 hex digits is refused with its number.
        static func readerTokenHashes(_ path: String) throws -> Set<String> {
            // Sized before it is read: the file is the operator's, but a wrong path could name anything.
            let size = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
            guard size <= 1 << 20, let data = FileManager.default.contents(atPath: path) else {
                throw ValidationError("--reader-tokens \(path) cannot be read (or is over 1 MiB)")
            }
            var hashes: Set<String> = []
            for (index, raw) in String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                let line = raw.trimmingCharacters(in: .whitespaces)
                if line.isEmpty || line.hasPrefix("#") { continue }
                guard line.utf8.count == 64, line.utf8.allSatisfy(Hex.isLowercaseDigit) else {
                    throw ValidationError("""
                        \(path):\(index + 1): a reader-token line is the token's SHA-256 in lower-case hex (printf %s TOKEN | sha256sum), not \
                        \"\(line.prefix(20))…\"
                        """)
                }
                hashes.insert(line)
            }
            guard !hashes.isEmpty else { throw ValidationError("--reader-tokens \(path) holds no token hashes") }
            return hashes
        }

        static func warn(_ message: String) {
            FileHandle.standardError.write(Data("clearance-receiver: warning: \(message)\n".utf8))
        }

        static func isLoopback(_ host: String) -> Bool { ReceiverOptions.isLoopback(host) }
    }
}
