import Journal
import LaneModel
import Logging
import ServiceLifecycle

/// The daemon's core service: marks the start and stop of the agent in the journal and keeps
/// the journal healthy in between. Later features add their services beside it.
public struct AgentService: Service {
    private let journal: Journal
    private let config: AgentConfig
    private let logger: Logger
    private let maintenanceInterval: Duration

    public init(journal: Journal, config: AgentConfig, logger: Logger, maintenanceInterval: Duration = .seconds(30)) {
        self.journal = journal
        self.config = config
        self.logger = logger
        self.maintenanceInterval = maintenanceInterval
    }

    public func run() async throws {
        let started = try await journal.append(AgentStartedBody(version: LaneAgentVersion.current, configSHA256: config.sha256))
        logger.notice("agent started", metadata: ["device": "\(config.agent.device)", "seq": "\(started.record.seq)"])
        logClock(KernelClock.read())
        await cancelWhenGracefulShutdown {
            var maintenance = JournalMaintenance()
            while !Task.isCancelled {
                do {
                    try await maintenance.step(journal, now: journal.options.now(), logger: logger)
                } catch {
                    logger.error("journal maintenance failed", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: maintenanceInterval)
            }
        }
        let stopped = try await journal.append(AgentStoppedBody())
        logger.notice("agent stopped", metadata: ["seq": "\(stopped.record.seq)"])
    }

    /// Says once at start what every record's clock field will say, and why when it cannot know:
    /// a system-call filter that forbids adjtimex makes every lane REFER with nothing else wrong.
    private func logClock(_ reading: KernelClock.Reading) {
        if reading.state == nil {
            logger.error("""
                clock state unreadable: adjtimex(2) failed, so every record says clock unsynced and every lane REFERs; allow adjtimex and clock_adjtime in the \
                unit's SystemCallFilter=
                """)
        } else if reading.sync == .synced {
            logger.notice("clock \(ClockText.describe(reading))")
        } else {
            logger.warning("clock \(ClockText.describe(reading)); lanes REFER until it is synchronised (diag clock)")
        }
    }
}
