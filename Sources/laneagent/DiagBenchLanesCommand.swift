import Agent
import ArgumentParser
import BoardTools
import Foundation

extension LaneAgentCommand.Diag {
    /// `laneagent diag bench-lanes [--lanes N] [--crossings N] [--json]`
    struct BenchLanes: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "bench-lanes",
            abstract: "Measure decision and actuation latency of N cargo lanes through the production lane runners and journal.",
            discussion: """
                Works in a temporary directory with its own key and journal, on the simulated GPIO chip: trucks back to \
                back on every lane at once, each reading fed as the devices would. Reports p50/p99 from the last evidence \
                to the committed decision (the target is p99 ≤ 25 ms at 10 lanes) and from the commit to the GPIO write. \
                Measure release builds only: debug signing is about 18 times slower.
                """)

        @Option(help: "How many lanes at once.") var lanes: Int = 10
        @Option(help: "Crossings per lane.") var crossings: Int = 50
        @Option(name: .customLong("interval-ms"), help: "Pause between a lane's crossings, in ms (0: back to back, a stress test).")
        var intervalMilliseconds: Int = 0
        @Flag(help: "Print {\"lanes\",\"crossings\",\"seconds\",\"decisionP50Ms\",\"decisionP99Ms\",\"actuationP50Ms\",\"actuationP99Ms\"}.")
        var json = false

        func validate() throws {
            guard (1...64).contains(lanes) else { throw ValidationError("--lanes must be from 1 to 64") }
            guard (1...100_000).contains(crossings) else { throw ValidationError("--crossings must be from 1 to 100000") }
            guard (0...600_000).contains(intervalMilliseconds) else { throw ValidationError("--interval-ms must be from 0 to 600000") }
        }

        func run() async throws {
            let directory = FileManager.default.temporaryDirectory.appendingPathComponent("laneagent-bench-\(UUID().uuidString.prefix(8))").path
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let result = try await LaneBench(lanes: lanes, crossings: crossings, interval: .milliseconds(intervalMilliseconds)).run(directory: directory)
            typealias R = LaneBench.Result
            let figures = (R.percentile(result.decision, 0.5), R.percentile(result.decision, 0.99), R.percentile(result.actuation, 0.5), R.percentile(result.actuation, 0.99))
            if json {
                Console.json(["lanes": .number(Double(result.lanes)), "crossings": .number(Double(result.crossings)),
                              "seconds": .number((result.seconds * 1000).rounded() / 1000),
                              "decisionP50Ms": .number((figures.0 * 100).rounded() / 100),
                              "decisionP99Ms": .number((figures.1 * 100).rounded() / 100),
                              "actuationP50Ms": .number((figures.2 * 100).rounded() / 100),
                              "actuationP99Ms": .number((figures.3 * 100).rounded() / 100)])
            } else {
                print(String(format: """
                    %d lanes, %d crossings in %.1f s: last evidence → committed decision p50 %.2f ms, p99 %.2f ms; decision → GPIO write p50 %.2f ms, p99 \
                    %.2f ms
                    """, result.lanes, result.crossings, result.seconds, figures.0, figures.1, figures.2, figures.3))
            }
        }
    }
}
