import Agent
import ArgumentParser

extension LaneAgentCommand {
    /// `laneagent lane …`
    struct LaneGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "lane", abstract: "Replay recorded lane events, override a decision, show the lanes.",
            subcommands: [LaneReplay.self, LaneOverride.self, LaneStatus.self, LaneSafeState.self])
    }
}
