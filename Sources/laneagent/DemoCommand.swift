import Agent
import ArgumentParser
import Foundation
import Journal
import LaneModel

extension LaneAgentCommand {
    /// `laneagent demo`: the journal end to end in a throwaway state directory.
    struct Demo: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Show the journal end to end: key, signed appends, export, verification, tamper detection.",
            discussion: "Works in a temporary directory and changes nothing on the machine.")

        @Option(help: "How many records to append.") var records: Int = 2000
        @Flag(help: "Keep the temporary directory and print its path.") var keep = false

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laneagent-demo-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { if !keep { try? FileManager.default.removeItem(atPath: directory) } }
            let configPath = directory + "/agent.toml"
            try """
            [agent]
            device = "HN1119-C03"
            site = "huu-nghi-1119"
            state_dir = "\(directory)/state"

            [journal]
            retention_days = 90
            min_free_mb = 64
            """.write(toFile: configPath, atomically: true, encoding: .utf8)
            let config = try AgentConfig.load(path: configPath)
            step(1, "configuration", "\(configPath)\n     \(config.summary)")

            let key = try DeviceKey.create(at: config.paths.deviceKey)
            step(2, "device key", "created \(config.paths.deviceKey) (mode 0600), key id \(key.keyID)")

            let journal = try config.openJournal()
            let started = try await journal.append(kind: "agent.started", body: ["version": .string(LaneAgentVersion.current), "configSHA256": .string(config.sha256)])
            let bench = JournalBench(records: records, producers: 4, inFlight: 32)
            let result = try await bench.run(journal)
            let stopped = try await journal.append(kind: "agent.stopped", body: ["reason": "demo finished"])
            journal.close()
            step(3, "signed appends", String(format: "agent.started (seq %d), %d weighbridge readings from 4 producers, agent.stopped (seq %d)\n     %.0f records/s, commit latency p50 %.2f ms, p99 %.2f ms (debug builds sign ~18x slower)",
                                             started.record.seq, result.records, stopped.record.seq, result.recordsPerSecond, result.p50CommitMs, result.p99CommitMs))
            print("     first record's payload:\n     \(String(decoding: started.payload, as: UTF8.self))")

            let exportPath = directory + "/export.ndjson"
            let reader = try JournalReader.open(paths: config.paths)
            let range = try SyncedFileWriter.produce(exportPath) { writer throws(JournalError) in
                try reader.forEachEnvelope { try writer.writeLine($0) }
            }
            let status = try reader.status(options: config.journalOptions)
            reader.close()
            step(4, "export", "\(range?.count ?? 0) envelopes to \(exportPath); journal holds seq \(status.firstSeq)..\(status.lastSeq), \(status.pending) pending upload")

            let keys = VerificationKeys(key)
            switch try EnvelopeFileVerifier.verify(path: exportPath, keys: keys) {
            case .success(let summary):
                step(5, "verify", "ok: \(summary.records) records, seq \(summary.firstSeq)..\(summary.lastSeq), chain intact")
            case .failure(let failure):
                throw CommandFailure.fault("demo export failed to verify: \(failure)")
            }

            let tamperedPath = directory + "/tampered.ndjson"
            var lines = try String(contentsOfFile: exportPath, encoding: .utf8).split(separator: "\n").map(String.init)
            lines.remove(at: lines.count / 2)
            try (lines.joined(separator: "\n") + "\n").write(toFile: tamperedPath, atomically: true, encoding: .utf8)
            switch try EnvelopeFileVerifier.verify(path: tamperedPath, keys: keys) {
            case .success:
                throw CommandFailure.fault("demo: a file with a record removed verified; this is a bug")
            case .failure(let failure):
                step(6, "tamper detection", "removed one line from a copy; verify refuses it: \(failure)")
            }
            if keep {
                print("""

                    Kept \(directory). Try the CLI on it (see README.md):
                      laneagent keys show --config \(configPath) --json
                      laneagent journal status --config \(configPath)
                      laneagent journal verify \(exportPath) --config \(configPath)
                    """)
            } else {
                print("\nThe temporary directory was removed; run `laneagent demo --keep` to explore it with the CLI.")
            }
        }

        private func step(_ number: Int, _ title: String, _ detail: String) {
            print("[\(number)] \(title): \(detail)")
        }
    }
}
