import Agent
import ArgumentParser
import BoardTools
import Foundation
import Journal

extension LaneAgentCommand.Diag {
    /// `laneagent diag bench --config F --records N [--producers P] [--json] [--print-committed]`
    struct Bench: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Append N bench.reading records through the production append path and report throughput.",
            discussion: """
                Each producer keeps up to --in-flight appends waiting, as a device stream does; commit latency
                is measured from submitting a record to its durable commit. The records stay in the journal
                (kind bench.reading): run it on a board before commissioning, not on a live lane.
                --print-committed prints "committed SEQ" the moment each commit returns: a printed line is
                a promise that the record survives kill -9 and power loss.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "How many records to append.") var records: Int
        @Option(help: "Concurrent producers.") var producers: Int = 4
        @Option(help: "Appends each producer keeps waiting at once (1: wait for every commit).") var inFlight: Int = 32
        @Flag(help: "Print one JSON object: {\"records\",\"seconds\",\"recordsPerSecond\",\"p50CommitMs\",\"p99CommitMs\"}.")
        var json = false
        @Flag(help: "Print \"committed SEQ\" for every record as soon as its commit returned.") var printCommitted = false
        @Flag(help: "Also measure single-thread Ed25519 signs/s and one-row-per-commit SQLite commits/s here, and the ratios to them.")
        var baseline = false

        func validate() throws {
            guard records > 0 else { throw ValidationError("--records must be at least 1") }
            guard producers > 0 else { throw ValidationError("--producers must be at least 1") }
            guard inFlight > 0 else { throw ValidationError("--in-flight must be at least 1") }
        }

        func run() async throws {
            let config = try options.load()
            let journal = try config.openJournal()
            defer { journal.close() }
            let bench = JournalBench(records: records, producers: producers, inFlight: inFlight)
            var committed: (@Sendable (Int) -> Void)?
            if printCommitted {
                committed = { seq in Console.writeUnbuffered("committed \(seq)") }
            }
            let result = try await bench.run(journal, committed: committed)
            var figures = result.jsonValue.objectValue!
            var summary = String(format: "%d records in %.3f s: %.0f records/s, commit latency p50 %.2f ms, p99 %.2f ms (%d producers, %d in flight each)",
                                 result.records, result.seconds, result.recordsPerSecond, result.p50CommitMs, result.p99CommitMs, producers,
                                 inFlight)
            if baseline {
                let limits = try BenchBaseline.measure(directory: config.agent.stateDirectory, key: try config.loadDeviceKey())
                let signRatio = result.recordsPerSecond / limits.signsPerSecond
                let commitRatio = result.recordsPerSecond / limits.singleRowCommitsPerSecond
                figures["ed25519SignsPerSecond"] = .number(limits.signsPerSecond.rounded())
                figures["singleRowCommitsPerSecond"] = .number(limits.singleRowCommitsPerSecond.rounded())
                figures["ratioToSignRate"] = .number((signRatio * 1000).rounded() / 1000)
                figures["ratioToSingleRowCommitRate"] = .number((commitRatio * 100).rounded() / 100)
                summary += String(format: """
                    \nbaseline: Ed25519 %.0f signs/s on one thread (journal reaches %.0f%%), SQLite %.0f one-row commits/s (journal reaches %.1fx)
                    """, limits.signsPerSecond, signRatio * 100, limits.singleRowCommitsPerSecond, commitRatio)
            }
            if json {
                Console.json(.object(figures))
            } else if !printCommitted {
                print(summary)
            }
        }
    }
}
