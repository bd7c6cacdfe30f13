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
                reference data published with `clearance-receiver reference publish`.
                """)

        @Option(help: "Address to listen on, HOST:PORT (port 0 picks a free one).") var listen: String
        @Option(help: "Directory for the receiver's database and published reference data.") var data: String
        @Option(help: "NDJSON file of registered devices.") var registry: String
        @Option(help: "PEM server certificate (enables HTTPS).") var tlsCert: String?
        @Option(help: "PEM server private key.") var tlsKey: String?
        @Option(help: "PEM CA that signs device certificates (requires mutual TLS).") var clientCa: String?
        @Option(help: "Largest body accepted, compressed or not (413 above).") var maxBodyBytes = 16 * 1024 * 1024
        @Option(help: "Write the bound port to this file once listening.") var portFile: String?

        func run() async throws {
            guard let colon = listen.lastIndex(of: ":"), let port = Int(listen[listen.index(after: colon)...]),
                  (0...65535).contains(port), colon != listen.startIndex
            else { throw ValidationError("--listen \"\(listen)\" must be HOST:PORT, for example 127.0.0.1:8443") }
            guard maxBodyBytes >= 1024 else { throw ValidationError("--max-body-bytes must be at least 1024") }
            var options = ReceiverOptions(host: String(listen[..<colon]), port: port, dataDirectory: data, registryPath: registry)
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
    }
}
