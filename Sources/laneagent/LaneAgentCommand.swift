import Agent
import ArgumentParser

/// `laneagent`: the lane-edge agent and its tools.
struct LaneAgentCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "laneagent",
        abstract: "The lane-edge agent for smart border gates: signed records, durable journal, uplink.",
        discussion: """
            Exit status: 0 ok, 1 a fault was found, 2 a usage or configuration error.
            Most commands read the board's configuration from --config (default \(AgentConfig.defaultPath)).
            """,
        version: LaneAgentVersion.current,
        subcommands: [Run.self, ConfigGroup.self, Keys.self, JournalGroup.self, UplinkGroup.self, ReferenceGroup.self, LaneGroup.self, OfficerGroup.self, Diag.self,
                      UdevRules.self, Demo.self]
    )
}

extension LaneAgentCommand {
    /// `laneagent config …`
    struct ConfigGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config", abstract: "Check configuration files.", subcommands: [Check.self])
    }

    /// `laneagent keys …`
    struct Keys: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create and show the device's Ed25519 signing key, and make network devices' credentials.",
            subcommands: [Init.self, Show.self, DeviceCredential.self])
    }

    /// `laneagent journal …`
    struct JournalGroup: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "journal", abstract: "Inspect, export, verify and salvage the record journal.",
            subcommands: [Status.self, Export.self, Verify.self, Salvage.self])
    }

    /// `laneagent diag …`
    struct Diag: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Diagnostics for field technicians.",
                                                        subcommands: [DiagScale.self, DiagSerial.self, DiagCode.self,
                                                                      DiagChip.self, DiagWebhook.self,
                                                                      DiagUSB.self,
                                                                      DiagGPIO.self, DiagDrivers.self,
                                                                      DiagSimulate.self, DiagUplink.self,
                                                                      DiagSelftest.self, DiagClock.self,
                                                                      Bench.self, BenchLanes.self])
    }
}
