import ArgumentParser
import LaneIO

extension LaneAgentCommand {
    /// `laneagent diag gpio --chip NAME (--list | --watch LINE | --set LINE=0|1)`
    struct DiagGPIO: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gpio", abstract: "List, watch or set GPIO lines (barrier, turnstile, lights, presence loops).")

        @Option(help: "The GPIO chip, such as gpiochip0.") var chip: String

        func run() async throws {
            // Implemented by the GPIO work (issue 7).
            throw GPIOError.noChip(name: chip, reason: "not implemented yet")
        }
    }
}
