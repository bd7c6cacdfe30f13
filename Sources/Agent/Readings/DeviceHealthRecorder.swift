import DeviceKit
import Journal
import LaneModel
import Logging

/// Records a device's health in the journal: `device.connected` when it comes (back), and
/// `device.fault` once per outage (an adapter unplugged for a day is one record, not one per
/// retry; the retries are logged). The device's lane hears of each fault and recovery.
struct DeviceHealthRecorder {
    let settings: DeviceSettings
    let journal: Journal
    let logger: Logger
    let lanes: LaneHub
    let devices: DeviceMonitor?
    private var openFault: String?

    init(settings: DeviceSettings, journal: Journal, logger: Logger, lanes: LaneHub = .none, devices: DeviceMonitor? = nil) {
        self.settings = settings
        self.journal = journal
        self.logger = logger
        self.lanes = lanes
        self.devices = devices
    }

    mutating func record(_ health: DeviceHealth, failure: (any LaneAgentError)?) async {
        devices?.health(device: settings.id, health, failure: failure?.description)
        do {
            if let failure {
                guard openFault == nil else {
                    logger.debug("device still failing", metadata: ["error": "\(failure)"])
                    return
                }
                openFault = failure.code
                // The lane hears first: it must not clear a crossing on a device that just failed.
                lanes.fault(device: settings.id, reason: failure.description)
                logger.warning("device fault", metadata: ["port": "\(settings.port)", "error": "\(failure)"])
                try await journal.append(DeviceOutageBody(health: members(health), code: failure.code, error: failure.description))
            } else {
                if openFault != nil { lanes.recovered(device: settings.id) }
                openFault = nil
                logger.notice("device connected", metadata: ["port": "\(settings.port)", "reconnects": "\(health.reconnects)"])
                try await journal.append(DeviceConnectedBody(health: members(health)))
            }
        } catch {
            logger.error("could not record the device's health", metadata: ["error": "\(error)"])
        }
    }

    private func members(_ health: DeviceHealth) -> DeviceHealthMembers {
        DeviceHealthMembers(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, port: settings.port,
                            line: settings.transport == .serial ? settings.serial.description : nil, reconnects: health.reconnects,
                            frameErrors: health.frameErrors)
    }
}
