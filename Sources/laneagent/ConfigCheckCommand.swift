import Agent
import ArgumentParser

extension LaneAgentCommand.ConfigGroup {
    /// `laneagent config check FILE`
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a configuration file.",
            discussion: """
                Prints a one-line summary and exits 0 when FILE is valid. Otherwise prints every problem
                as FILE:LINE: what is wrong and what is expected, and exits 2.
                Example: laneagent config check /etc/laneagent/agent.toml
                """)

        @Argument(help: ArgumentHelp("The TOML file to check.", valueName: "FILE"))
        var file: String

        func run() async throws {
            print(try AgentConfig.load(path: file).summary)
        }
    }
}
