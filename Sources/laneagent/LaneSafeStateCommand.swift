import Agent
import ArgumentParser
import Foundation
import LaneIO

extension LaneAgentCommand {
    /// `laneagent lane safe-state --config F [--timeout S]`
    struct LaneSafeState: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "safe-state",
            abstract: "Drive every lane's outputs to the safe state: lights red, barrier closed once its exit loop is clear.",
            discussion: """
                For systemd's ExecStopPost: it runs after the daemon exited, cleanly or not, and a GPIO line keeps its \
                level when the process holding it dies, so a crashed daemon would otherwise leave a barrier open and the \
                lights green until it restarts. The barrier waits (up to --timeout) for the exit loop to clear; it is \
                never closed on a vehicle. Simulated chips belong to a process and are skipped. Needs the lines free: \
                stop the daemon first. Exit 0 when every lane is safe, 1 when a chip or line cannot be opened or a \
                barrier stayed open because its loop never cleared.
                """)

        @OptionGroup var options: ConfigOption
        @Option(help: "How long a barrier may wait for its exit loop to clear, in seconds.") var timeout: Double = 30

        func validate() throws {
            guard timeout >= 0, timeout <= 3600 else { throw ValidationError("--timeout must be from 0 to 3600 seconds") }
        }

        func run() async throws {
            let config = try options.load()
            var failures: [String] = []
            for lane in config.lanes {
                guard lane.gpio.chip != LaneGPIOSettings.simulatedChip else {
                    print("lane \(lane.id): simulated chip, nothing to drive")
                    continue
                }
                do {
                    let io = try LaneIO(lane: lane.id, chip: try GPIOChips.open(lane.gpio.chip), lines: lane.gpio.lines, consumer: "laneagent-safe-state")
                    let runner = Task { await io.run() }
                    _ = await io.safeState(timeout: .milliseconds(Int64(timeout * 1000)))
                    let waiting = await io.isBarrierCloseWaiting
                    runner.cancel()
                    await io.close()
                    if waiting {
                        failures.append("lane \(lane.id): the barrier is still open, its exit loop never cleared within \(timeout) s")
                    } else {
                        print("lane \(lane.id): lights red\(lane.gpio.lines.barrier == nil ? "" : ", barrier closed")")
                    }
                } catch {
                    failures.append("lane \(lane.id): \(error)")
                }
            }
            guard failures.isEmpty else { throw CommandFailure.fault(failures.joined(separator: "\n")) }
        }
    }
}
