import Logging
import ServiceLifecycle

/// Tells systemd how the daemon is (`Type=notify`): `READY=1` once the journal is open and
/// every lane loop runs, `WATCHDOG=1` every half `WatchdogSec` while `DaemonHealth` finds
/// nothing hung (so systemd restarts a daemon whose journal or lanes hang, not only one that
/// exited), and `STOPPING=1` when the shutdown begins. Runs last, so it stops first.
public struct SystemdService: Service {
    private let notifier: SystemdNotifier
    private let health: DaemonHealth
    private let logger: Logger

    public init(notifier: SystemdNotifier, health: DaemonHealth, logger: Logger) {
        self.notifier = notifier
        self.health = health
        self.logger = logger
    }

    public func run() async throws {
        let (notifier, health, logger) = (self.notifier, self.health, self.logger)
        // Half the watchdog interval, as sd_watchdog_enabled(3) advises; readiness is polled faster.
        let round = notifier.watchdogInterval.map { $0 / 2 } ?? .seconds(5)
        // `health` runs as its own service and sends the heartbeats read here.
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled && !(health.lanesStarted && health.problems().isEmpty) {
                try? await Task.sleep(for: .milliseconds(20))
            }
            guard !Task.isCancelled else { return }
            Self.notify(notifier, "READY=1\nSTATUS=journal open, \(health.lanes.runners.count) lane(s) running", logger)
            logger.notice("ready", metadata: ["watchdog": "\(notifier.watchdogInterval.map { "\($0)" } ?? "off")"])
            var reported: [String] = []
            while !Task.isCancelled {
                let problems = health.problems()
                if problems.isEmpty {
                    if notifier.watchdogInterval != nil { Self.notify(notifier, "WATCHDOG=1", logger) }
                    if !reported.isEmpty {
                        Self.notify(notifier, "STATUS=recovered", logger)
                        logger.notice("the daemon's loops make progress again")
                    }
                } else if problems != reported {
                    // Going quiet is the point: systemd restarts the unit when WatchdogSec passes.
                    Self.notify(notifier, "STATUS=hung: \(problems.joined(separator: "; "))", logger)
                    logger.critical("not pinging the systemd watchdog", metadata: ["problems": "\(problems.joined(separator: "; "))"])
                }
                reported = problems
                try? await Task.sleep(for: round)
            }
        }
        Self.notify(notifier, "STOPPING=1", logger)
    }

    private static func notify(_ notifier: SystemdNotifier, _ message: String, _ logger: Logger) {
        do { try notifier.send(message) } catch {
            logger.error("systemd notify failed", metadata: ["error": "\(error)"])
        }
    }
}
