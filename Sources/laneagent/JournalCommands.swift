import Agent
import ArgumentParser
import Foundation
import Journal
import LaneModel
import Records

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
                Exit 0 and "ok: records A..B verified: signatures and links" when every line verifies, then
                what that proves about the file's ends: the head only when the file starts at seq 1; the tail
                only with --config, where each record is also compared with the board's journal and the
                journal's later records are counted. Otherwise exit 1 naming the first failing line and why
                (bad signature, unknown key, gap, fork, duplicate, not canonical, invalid record, malformed
                JSON, a line over 1 MiB, or with --config a record that differs from the journal).
                """)

        @Argument(help: ArgumentHelp("The NDJSON file to verify.", valueName: "FILE")) var file: String
        @Option(name: .long, help: ArgumentHelp("Trust the device key of this configuration and compare with its journal.", valueName: "FILE"))
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
            var journal: JournalReader?
            if let pubkey {
                keys = try VerificationKeys(base64: pubkey)
            } else {
                let agentConfig = try AgentConfig.load(path: config!)
                keys = VerificationKeys(try agentConfig.loadDeviceKey())
                journal = try JournalReader.open(paths: agentConfig.paths)
            }
            defer { journal?.close() }
            switch try EnvelopeFileVerifier.verify(path: file, keys: keys, journal: journal) {
            case .success(let summary):
                for line in Self.report(summary) { print(line) }
            case .failure(let failure):
                throw CommandFailure.fault("\(file): \(failure)")
            }
        }

        /// What a verified file proves, and what it leaves unproven, one statement a line.
        static func report(_ summary: EnvelopeFileVerifier.Summary) -> [String] {
            let first = summary.firstSeq, last = summary.lastSeq
            var lines = ["ok: records \(first)..\(last) verified: signatures and links"]
            lines.append(summary.headProven
                ? "head proven: seq 1 links to genesis"
                : "head unproven: records before seq \(first) are not in the file; seq \(first)'s prev is \(summary.firstPrev)")
            guard let journal = summary.journal else {
                lines.append("tail unproven: records after seq \(last) could have been cut; only the board's journal (--config) or the receiver can tell")
                return lines
            }
            if first < journal.journalFirstSeq {
                lines.append("journal: no longer holds seq \(first)..\(min(last, journal.journalFirstSeq - 1)) (pruned after upload); those records were not compared")
            }
            guard let matched = journal.matched, matched.upperBound == last else {
                lines.append("tail unproven: the journal no longer holds seq \(last), so it cannot tell whether records after it were cut")
                return lines
            }
            lines.append("journal: seq \(matched.lowerBound)..\(matched.upperBound) are identical to the journal's records")
            let later = journal.journalLastSeq - last
            lines.append(later == 0
                ? "tail proven: seq \(last) is the journal's newest record"
                : "tail short: the journal holds \(later) later record\(later == 1 ? "" : "s") (seq \(last + 1)..\(journal.journalLastSeq)) that the file lacks: cut from it, or written after the export")
            return lines
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
