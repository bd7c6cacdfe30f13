import Agent
import ArgumentParser
import ConfigFile

/// `--config FILE`, shared by every command that reads the board's configuration.
struct ConfigOption: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The agent's TOML configuration.", valueName: "FILE"))
    var config: String = AgentConfig.defaultPath

    /// The validated configuration.
    func load() throws(ConfigError) -> AgentConfig { try AgentConfig.load(path: config) }
}
