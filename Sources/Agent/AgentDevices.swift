import Journal
import Logging
import Scales
import ServiceLifecycle

extension AgentConfig {
    /// One service per configured device, for `laneagent run`.
    public func deviceServices(journal: Journal, logger: Logger) -> [any Service] {
        devices.compactMap { device -> (any Service)? in
            switch device.kind {
            case .scale:
                // The configuration was validated: the driver exists.
                ScaleDrivers.named(device.driver).map { ScaleDeviceService(settings: device, driver: $0, journal: journal, logger: logger) }
            }
        }
    }
}
