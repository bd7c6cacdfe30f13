import Agent
import ArgumentParser
import Foundation
import Journal
import LaneModel
import Logging
import Records
import Uplink

extension LaneAgentCommand {
    /// `laneagent uplink …`
    struct UplinkGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "uplink", abstract: "Upload the journal to the clearance service.", subcommands: [Push.self, Status.self])
    }
}

extension LaneAgentCommand.UplinkGroup {
    /// `laneagent uplink push --config F [--timeout S] [--json]`
    struct Push: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Upload every pending record now; exit 0 once all are acknowledged.",
            discussion: """
                Exit 1 when the timeout passes first, or when the service refuses a batch (400/401/403) or reports a fork; \
                the refusal is recorded as an uplink.fault record and shown by `laneagent uplink status`. \
                Transient failures (network, 5xx, 429/503 with Retry-After) are retried until the timeout. \
                Stop `laneagent run` first: it uploads continuously and holds the journal.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "Give up after this many seconds.") var timeout: Double = 300
        @Flag(help: "Print {\"sent\",\"batches\",\"bytes\",\"acceptedThrough\",\"seconds\",\"receiver\"} as JSON.") var json = false

        func run() async throws {
            guard timeout > 0 else { throw ValidationError("--timeout must be a positive number of seconds") }
            let config = try options.load()
            let settings = try config.requireUplink()
            Console.logWarningsToStandardError()
            let logger = Logger(label: "laneagent.uplink")
            let journal = try config.openJournal()
            defer { journal.close() }
            let client = try ClearanceClient(settings: settings, route: ReceiverRoute(settings: settings, logger: logger))
            let uploader = try Uploader(journal: journal, client: client, logger: logger)
            let clock = ContinuousClock()
            let started = clock.now
            let result: Result<Uploader.Progress, UplinkError>
            do { result = .success(try await uploader.push(timeout: .milliseconds(Int64(timeout * 1000)))) } catch { result = .failure(error) }
            await client.shutdown()
            let elapsed = clock.now - started
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
            let progress = await uploader.progress
            if json {
                Console.json(["sent": .number(Double(progress.sent)), "batches": .number(Double(progress.batches)),
                              "bytes": .number(Double(progress.bytes)), "acceptedThrough": .number(Double(progress.acceptedThrough)),
                              "seconds": .number((seconds * 1000).rounded() / 1000), "receiver": .string(client.route.inUse)])
            } else if case .success = result {
                print("""
                    uploaded \(progress.sent) records in \(progress.batches) batches (\(progress.bytes) bytes gzip) in \(String(format: "%.1f", seconds)) s; \
                    acknowledged through seq \(progress.acceptedThrough)\(settings.baseURLs.count > 1 ? " via \(client.route.inUse)" : "")
                    """)
            }
            if case .failure(let error) = result { throw error }
        }
    }

    /// `laneagent uplink status --config F [--json]`
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show what is pending upload, the last acknowledgement, central's newest receipt and any open uplink fault.",
            discussion: "Exit 1 when a fault is open (a refused batch, a fork, or records the receiver lost).")

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print one JSON object.") var json = false

        func run() async throws {
            let config = try options.load()
            let settings = try config.requireUplink()
            let reader = try JournalReader.open(paths: config.paths)
            defer { reader.close() }
            let status = try reader.status(options: config.journalOptions)
            let state = try UplinkState.load(stateDirectory: config.agent.stateDirectory)
            let receipt = try Self.newestReceipt(reader)
            let checked = settings.centralKey != nil
            let receiptJSON: JSONValue = receipt.map { found in
                ["acceptedThrough": .number(Double(found.receipt.acceptedThrough)), "instance": .string(found.receipt.instance),
                 "time": .string(found.receipt.time.rfc3339), "recordSeq": .number(Double(found.seq))]
            } ?? .null
            if json {
                Console.json(["url": .string(settings.baseURL), "urls": .array(settings.baseURLs.map { .string($0) }), "lastSeq": .number(Double(status.lastSeq)),
                              "ackedThrough": .number(Double(status.ackedThrough)), "pending": .number(Double(status.pending)),
                              "lastAcceptedAt": state.lastAcceptedAt.map { .string($0.rfc3339) } ?? .null,
                              "lastReceiver": state.lastReceiver.map { .string($0) } ?? .null,
                              "fault": state.fault?.jsonValue ?? .null, "receiptsChecked": .bool(checked), "receipt": receiptJSON])
            } else {
                print("url:            \(settings.baseURLs.joined(separator: ", "))")
                print("acknowledged:   through seq \(status.ackedThrough) of \(status.lastSeq) (\(status.pending) pending)")
                print("last accepted:  \(state.lastAcceptedAt?.rfc3339 ?? "never")\(state.lastReceiver.map { " by \($0)" } ?? "")")
                if let receipt {
                    print("""
                        receipt:        central acknowledged through seq \(receipt.receipt.acceptedThrough) (instance \(receipt.receipt.instance), \
                        \(receipt.receipt.time.rfc3339)), journaled as seq \(receipt.seq)
                        """)
                } else {
                    print(checked ? "receipt:        none journaled yet" : "receipt:        not checked: no [uplink] central_key, so none are journaled")
                }
                if let fault = state.fault {
                    print("FAULT:          \(fault.code) (HTTP \(fault.status) \(fault.error), seq \(fault.seq)) since \(fault.at.rfc3339): \(fault.message)")
                } else {
                    print("fault:          none")
                }
            }
            if let fault = state.fault { throw CommandFailure.fault(json ? "" : "uplink fault open: \(fault.code)") }
        }

        /// The journal's newest `uplink.receipt` record: its seq and the receipt it holds.
        static func newestReceipt(_ reader: JournalReader) throws -> (seq: Int, receipt: BatchReceipt)? {
            guard let stored = try reader.newest(kind: .uplinkReceipt) else { return nil }
            let record = try Record(parsing: try JSONParser.parse(try Envelope(parsing: stored.bytes).payload))
            return (stored.seq, try BatchReceipt(json: record.body))
        }
    }
}
