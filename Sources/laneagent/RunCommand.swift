import Agent
import ArgumentParser
import Logging
import ServiceLifecycle

extension LaneAgentCommand {
    /// `laneagent run --config F`
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Run the agent daemon until SIGTERM or SIGINT.",
            discussion: """
                Opens and checks the journal (refusing to start on a damaged one), records agent.started,
                keeps the journal healthy, uploads it continuously when [uplink] is set (finishing the batch in
                flight on shutdown), refreshes reference data, reads the [[devices]] (recording device.connected and
                device.fault as they come and go), runs the [[lanes]] (decisions committed before any barrier or
                turnstile moves; the local control API for `lane status` and `lane override` on the state directory's
                control.sock), drives every lane's outputs to the safe state and records agent.stopped on a clean shutdown.
                """)

        @OptionGroup var options: ConfigOption

        func run() async throws {
            let config = try options.load()
            LoggingSystem.bootstrap { StreamLogHandler.standardOutput(label: $0) }
            var logger = Logger(label: "laneagent")
            logger[metadataKey: "device"] = "\(config.agent.device)"
            let journal = try config.openJournal(options: try PowerCutTestHooks().apply(to: config.journalOptions, logger: logger))
            defer { journal.close() }
            let lanes = try LaneService(config: config, journal: journal, logger: logger)
            let group = ServiceGroup(
                services: try config.daemonServices(journal: journal, logger: logger, lanes: lanes),
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger)
            try await group.run()
        }
    }
}
