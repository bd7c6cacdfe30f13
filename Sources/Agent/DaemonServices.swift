import Journal
import Logging
import ServiceLifecycle

extension AgentConfig {
    /// Everything `laneagent run` runs, in start order (the group stops them in reverse, so the
    /// lanes reach their safe state before the devices and the journal's last records go):
    /// the agent itself, uplink and reference sync, the devices, `lanes`, and the systemd
    /// notifier when systemd started the daemon.
    public func daemonServices(journal: Journal, logger: Logger, lanes: LaneService,
                               onGatewayListening: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [any Service] {
        [AgentService(journal: journal, config: self, logger: logger)]
            + (try uplinkServices(journal: journal, logger: logger))
            + (try deviceServices(journal: journal, logger: logger, lanes: lanes.hub, onGatewayListening: onGatewayListening))
            + [lanes]
            // Last, so it reports STOPPING=1 before anything else stops.
            + (SystemdNotifier.fromEnvironment().map { [SystemdService(notifier: $0, health: DaemonHealth(journal: journal, lanes: lanes.hub), logger: logger)] } ?? [])
    }
}
