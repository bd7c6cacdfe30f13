import Agent
import ArgumentParser

extension LaneAgentCommand {
    /// `laneagent lane replay --config F --events FILE [--reference FILE] [--rules FILE]`
    struct LaneReplay: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "replay", abstract: "Run the lane and rule code on recorded events.")

        func run() async throws {
            // Implemented by the replay work (issue 7).
            throw ValidationError("not implemented yet")
        }
    }
}
