import Journal
import Logging
import ServiceLifecycle
import Uplink

extension AgentConfig {
    /// Everything `laneagent run` runs, in start order (the group stops them in reverse, so the
    /// lanes reach their safe state before the devices and the journal's last records go):
    /// the agent itself, uplink and reference sync, the devices, `lanes`, the heartbeat of the
    /// daemon's health, the admin server, and the systemd notifier when systemd started the
    /// daemon. The admin server (status page, metrics, health) runs unless
    /// `[http] admin_listen = "off"`; `onAdminListening` gets its port.
    public func daemonServices(journal: Journal, logger: Logger, lanes: LaneService, chipReaders: ChipReaderHub? = nil,
                               onGatewayListening: @escaping @Sendable (Int) -> Void = { _ in },
                               onAdminListening: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [any Service] {
        let monitors = DaemonMonitors(config: self)
        let health = DaemonHealth(journal: journal, lanes: lanes.hub)
        // One receiver choice for batches, evidence and reference data.
        let route = uplink.map { ReceiverRoute(settings: $0, clock: journal.options.clock, logger: logger) }
        return [AgentService(journal: journal, config: self, logger: logger)]
            + (try uplinkServices(journal: journal, logger: logger, monitor: monitors.uplink, route: route))
            + (try deviceServices(journal: journal, logger: logger, lanes: lanes.hub, devices: monitors.devices, route: route,
                                  chipReaders: chipReaders, onGatewayListening: onGatewayListening))
            + [lanes, health]
            + (admin.listen.map { [AdminServer(address: $0, config: self, health: health, monitors: monitors, logger: logger,
                                               onListening: onAdminListening)] } ?? [])
            // Last, so it reports STOPPING=1 before anything else stops.
            + (SystemdNotifier.fromEnvironment().map { [SystemdService(notifier: $0, health: health, logger: logger)] } ?? [])
    }
}
