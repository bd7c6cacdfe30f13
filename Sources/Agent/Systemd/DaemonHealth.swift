import Journal
import ServiceLifecycle

/// Whether the daemon's own loops still make progress: the journal's writer commits what it is
/// given and every lane loop answers its heartbeat. What the systemd watchdog pings on and the
/// admin server's readiness reads. Run as a service, it is the daemon's one heartbeat: it asks
/// every lane loop for an answer each `interval`.
public struct DaemonHealth: Service {
    public let journal: Journal
    public let lanes: LaneHub
    /// How long the journal or a lane may sit on work before it counts as hung.
    public let hangLimit: Duration
    /// How often the heartbeat goes out; well under `hangLimit`, so an answer is never stale.
    public let interval: Duration

    public init(journal: Journal, lanes: LaneHub, hangLimit: Duration = .seconds(10), interval: Duration = .seconds(1)) {
        self.journal = journal
        self.lanes = lanes
        self.hangLimit = hangLimit
        self.interval = interval
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                beat()
                try? await Task.sleep(for: interval)
            }
        }
    }

    /// Asks every lane loop for its next heartbeat (answered by the next check).
    public func beat() {
        for runner in lanes.runners { runner.heartbeat() }
    }

    /// True once every lane loop has answered a heartbeat.
    public var lanesStarted: Bool { lanes.runners.allSatisfy(\.answeredHeartbeat) }

    /// What is hung, one phrase each; empty when healthy.
    public func problems() -> [String] {
        var problems: [String] = []
        let stalled = journal.writerStalled
        if stalled > hangLimit {
            problems.append("journal: appends have waited \(Self.seconds(stalled)) with none committed (disk hung?)")
        }
        for runner in lanes.runners where runner.heartbeatWait > hangLimit {
            problems.append("lane \(runner.settings.id): its loop has not answered for \(Self.seconds(runner.heartbeatWait))")
        }
        return problems
    }

    private static func seconds(_ duration: Duration) -> String {
        "\(duration.components.seconds) s"
    }
}
