import Agent
import ArgumentParser
import Foundation
import Journal
import LaneModel

extension LaneAgentCommand.JournalGroup {
    /// `laneagent journal status --config F [--json]`
    struct Status: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the journal's seq range, acknowledged and pending records, size and free space.",
            discussion: "Safe while the agent runs. Exits 1 when the journal reports a fault (low disk space).")

        @OptionGroup var options: ConfigOption
        @Flag(help: "Print one JSON object: {\"device\",\"firstSeq\",\"lastSeq\",\"ackedThrough\",\"pending\",\"fileBytes\",\"freeBytes\",\"faults\"}.")
        var json = false

        func run() async throws {
            let config = try options.load()
            let reader = try JournalReader.open(paths: config.paths)
            defer { reader.close() }
            let status = try reader.status(options: config.journalOptions)
            if json {
                Console.json(status.jsonValue)
            } else {
                print("device:        \(status.device)")
                print("journal:       \(config.paths.database)")
                print("records:       seq \(status.firstSeq)..\(status.lastSeq)")
                print("acknowledged:  through seq \(status.ackedThrough)")
                print("pending:       \(status.pending)")
                print("file size:     \(status.fileBytes) bytes")
                print("free space:    \(status.freeBytes) bytes")
                for fault in status.faults { print("fault:         \(fault)") }
            }
            if !status.faults.isEmpty { throw CommandFailure.fault("") }
        }
    }

    /// `laneagent journal export --config F --out FILE [--from SEQ] [--to SEQ]`
    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Write records as NDJSON, one DSSE envelope per line, seq ascending, exactly the stored bytes.",
            discussion: "Safe while the agent runs. The file appears under its name only once complete and synced.")

        @OptionGroup var options: ConfigOption
        @Option(help: ArgumentHelp("Output file (- for standard output).", valueName: "FILE")) var out: String
        @Option(help: ArgumentHelp("First seq to export (default: the oldest kept).", valueName: "SEQ")) var from: Int?
        @Option(help: ArgumentHelp("Last seq to export (default: the newest).", valueName: "SEQ")) var to: Int?

        func run() async throws {
            let config = try options.load()
            let reader = try JournalReader.open(paths: config.paths)
            defer { reader.close() }
            let range = try SyncedFileWriter.produce(out) { writer throws(JournalError) in
                try reader.forEachEnvelope(from: from, to: to) { envelope in try writer.writeLine(envelope) }
            }
            if let range {
                Console.error("exported \(range.count) records, seq \(range.lowerBound)..\(range.upperBound), to \(out)")
            } else {
                Console.error("the journal holds no records; wrote an empty \(out)")
            }
        }
    }

    /// `laneagent journal verify FILE (--config F | --pubkey BASE64)`
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an exported NDJSON file: signatures, key ids, canonical form, seq contiguity and the prev chain.",
            discussion: """
                Exit 0 and "ok: N records, seq A..B, chain intact" when everything verifies; otherwise exit 1
                naming the first failing line and why (bad signature, unknown key, gap, fork, duplicate,
                not canonical, invalid record, malformed JSON).
                """)

        @Argument(help: ArgumentHelp("The NDJSON file to verify.", valueName: "FILE")) var file: String
        @Option(name: .long, help: ArgumentHelp("Trust the device key of this configuration.", valueName: "FILE"))
        var config: String?
        @Option(help: ArgumentHelp("Trust this raw Ed25519 public key (base64, as `keys show` prints it).", valueName: "BASE64"))
        var pubkey: String?

        func validate() throws {
            guard (config == nil) != (pubkey == nil) else {
                throw ValidationError("give exactly one of --config FILE or --pubkey BASE64 to say which key to trust")
            }
        }

        func run() async throws {
            let keys: VerificationKeys
            if let pubkey {
                keys = try VerificationKeys(base64: pubkey)
            } else {
                keys = VerificationKeys(try AgentConfig.load(path: config!).loadDeviceKey())
            }
            switch try EnvelopeFileVerifier.verify(path: file, keys: keys) {
            case .success(let summary):
                print("ok: \(summary.records) records, seq \(summary.firstSeq)..\(summary.lastSeq), chain intact")
            case .failure(let failure):
                throw CommandFailure.fault("\(file): \(failure)")
            }
        }
    }

    /// `laneagent journal salvage --config F --out FILE`
    struct Salvage: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Save every record that still verifies from a damaged journal to an NDJSON file.",
            discussion: "Reports the seqs that could not be saved and why; exits 1 if any were lost.")

        @OptionGroup var options: ConfigOption
        @Option(help: ArgumentHelp("Output NDJSON file.", valueName: "FILE")) var out: String

        func run() async throws {
            let config = try options.load()
            let keys = VerificationKeys(try config.loadDeviceKey())
            let report = try SyncedFileWriter.produce(out) { writer throws(JournalError) in
                try JournalSalvage.run(databasePath: config.paths.database, keys: keys) { try writer.writeLine($0) }
            }
            if let first = report.firstSaved, let last = report.lastSaved {
                print("saved \(report.saved) records (seq \(first)..\(last)) to \(out)")
            } else {
                print("saved no records to \(out)")
            }
            for loss in report.losses { print("could not save \(loss)") }
            if !report.losses.isEmpty { throw CommandFailure.fault("") }
        }
    }
}
