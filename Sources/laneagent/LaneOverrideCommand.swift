import Agent
import ArgumentParser

extension LaneAgentCommand {
    /// `laneagent lane override --config F --lane L --crossing ID --decision CLEAR|HOLD --officer ID --reason TEXT`
    struct LaneOverride: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "override", abstract: "Replace a lane's decision with an officer's.")

        func run() async throws {
            throw ValidationError("not implemented yet")
        }
    }

    /// `laneagent lane status --config F [--json]`
    struct LaneStatus: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "status", abstract: "Show each lane's state and last decisions.")

        func run() async throws {
            throw ValidationError("not implemented yet")
        }
    }
}
