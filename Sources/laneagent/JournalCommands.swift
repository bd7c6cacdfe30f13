import Agent
import ArgumentParser
import Crypto
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

    /// `laneagent journal verify [FILE] (--config F | --pubkey BASE64) [--central-key BASE64]`
    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Verify an exported NDJSON file, or the board's journal: signatures, key ids, canonical form, seq contiguity, the prev chain and central's receipts.",
            discussion: """
                Exit 0 and "ok: records A..B verified: signatures and links" when every line verifies, then
                what that proves about the file's ends: the head only when the file starts at seq 1; the tail
                with --config, where each record is also compared with the board's journal and the journal's
                later records are counted. Without FILE, --config's journal itself is verified.

                Receipts: every uplink.receipt record is checked against the central key (--central-key, else
                --config's [uplink] central_key), and the newest says which records central acknowledged:
                "records 1..N acknowledged by central"; the records after N are unproven by a receipt, and
                with no receipt record "the tail is unproven: no receipt". Otherwise exit 1 naming the first
                failing line and why (bad signature, unknown key, gap, fork, duplicate, not canonical, invalid
                record, malformed JSON, a line over 1 MiB, a receipt that is forged or names another record,
                or with --config a record that differs from the journal).
                """)

        @Argument(help: ArgumentHelp("The NDJSON file to verify (default with --config: the journal itself).", valueName: "FILE")) var file: String?
        @Option(name: .long, help: ArgumentHelp("Trust the device key of this configuration and compare with its journal.", valueName: "FILE"))
        var config: String?
        @Option(help: ArgumentHelp("Trust this raw Ed25519 public key (base64, as `keys show` prints it).", valueName: "BASE64"))
        var pubkey: String?
        @Option(help: ArgumentHelp("Check receipts with this central public key (base64, as `clearance-receiver keys show` prints it).", valueName: "BASE64"))
        var centralKey: String?

        func validate() throws {
            guard (config == nil) != (pubkey == nil) else {
                throw ValidationError("give exactly one of --config FILE or --pubkey BASE64 to say which key to trust")
            }
            guard file != nil || config != nil else { throw ValidationError("give the FILE to verify, or --config FILE to verify its journal") }
            if let centralKey, Self.publicKey(centralKey) == nil {
                throw ValidationError("--central-key must be the base64 of a 32-byte Ed25519 public key, as `clearance-receiver keys show` prints it")
            }
        }

        func run() async throws {
            let keys: VerificationKeys
            var journal: JournalReader?
            var central = centralKey.flatMap(Self.publicKey).map { (key: $0, source: "--central-key") }
            if let pubkey {
                keys = try VerificationKeys(base64: pubkey)
            } else {
                let agentConfig = try AgentConfig.load(path: config!)
                keys = VerificationKeys(try agentConfig.loadDeviceKey())
                journal = try JournalReader.open(paths: agentConfig.paths)
                if central == nil, let raw = agentConfig.uplink?.centralKey, let key = try? Curve25519.Signing.PublicKey(rawRepresentation: raw) {
                    central = (key, "[uplink] central_key of \(config!)")
                }
            }
            defer { journal?.close() }
            let result = if let file {
                try EnvelopeFileVerifier.verify(path: file, keys: keys, journal: journal, centralKey: central?.key)
            } else {
                try EnvelopeFileVerifier.verify(journal: journal!, keys: keys, centralKey: central?.key)
            }
            switch result {
            case .success(let summary):
                for line in Self.report(summary, live: file == nil) + Self.receiptReport(summary, keySource: central?.source) { print(line) }
            case .failure(let failure):
                throw CommandFailure.fault("\(file ?? "the journal"): \(failure)")
            }
        }

        static func publicKey(_ base64: String) -> Curve25519.Signing.PublicKey? {
            guard let raw = Data(base64Encoded: base64), raw.count == 32 else { return nil }
            return try? Curve25519.Signing.PublicKey(rawRepresentation: raw)
        }

        /// What a verified file proves, and what it leaves unproven, one statement a line.
        static func report(_ summary: EnvelopeFileVerifier.Summary, live: Bool = false) -> [String] {
            let first = summary.firstSeq, last = summary.lastSeq
            var lines = ["ok: records \(first)..\(last) verified: signatures and links"]
            lines.append(summary.headProven
                ? "head proven: seq 1 links to genesis"
                : "head unproven: records before seq \(first) are not in the \(live ? "journal (pruned after upload)" : "file"); seq \(first)'s prev is \(summary.firstPrev)")
            if live {
                lines.append("journal: seq \(last) is its newest record")
                return lines
            }
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

        /// What central's receipts in the file prove: through which record central holds the
        /// chain, and which records no receipt covers.
        static func receiptReport(_ summary: EnvelopeFileVerifier.Summary, keySource: String?) -> [String] {
            guard summary.receiptsChecked, let keySource else {
                return ["receipts: not checked: no central key (give --central-key BASE64, or --config with [uplink] central_key)"]
            }
            guard let found = summary.receipt else { return ["receipt: none: the tail is unproven: no receipt"] }
            let receipt = found.receipt, through = receipt.acceptedThrough
            var lines = ["""
                receipt: records 1..\(through) acknowledged by central (instance \(receipt.instance), \(receipt.time.rfc3339)), \
                receipt record seq \(found.recordSeq), checked with \(keySource)
                """]
            if !found.hashMatched {
                lines.append("receipt: seq \(through) is not in the file, so its hash was not compared; only the signature was checked")
            }
            let uncovered = max(through + 1, summary.firstSeq)
            if uncovered < summary.lastSeq {
                lines.append("unproven by a receipt: records \(uncovered)..\(summary.lastSeq)")
            } else if uncovered == summary.lastSeq {
                lines.append("unproven by a receipt: record \(uncovered)")
            }
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
