/// The daemon's counters that its services update as things happen and the admin server
/// reads: one set per daemon, passed to the services that feed it (no global state, so tests can
/// run several daemons in one process).
public struct DaemonMonitors: Sendable {
    public let devices: DeviceMonitor
    public let uplink: UplinkMonitor
    public let crossings: CrossingTally

    /// Monitors for the devices and lanes of `config`.
    public init(config: AgentConfig) {
        devices = DeviceMonitor(devices: config.devices, lanes: config.lanes)
        uplink = UplinkMonitor()
        crossings = CrossingTally()
    }
}
