import DeviceKit
import Journal
import LaneModel
import Logging
import Scales
import ServiceLifecycle

/// Reads one configured scale while the daemon runs, reopening its port when it disappears,
/// and records its health in the journal: `device.connected` when it comes (back), and
/// `device.fault` once per outage (an adapter unplugged for a day is one record, not one per
/// retry; the retries are logged). Readings go to the lanes, which record what they decide.
public struct ScaleDeviceService: Service {
    private let settings: DeviceSettings
    private let driver: ScaleDriver
    private let journal: Journal
    private let logger: Logger

    public init(settings: DeviceSettings, driver: ScaleDriver, journal: Journal, logger: Logger) {
        self.settings = settings
        self.driver = driver
        self.journal = journal
        var logger = logger
        logger[metadataKey: "device"] = "\(settings.id)"
        self.logger = logger
    }

    public func run() async throws {
        let settings = self.settings
        let driver = self.driver
        // Nobody consumes readings yet but this loop; keep the newest if it ever falls behind.
        let device = SerialDevice(id: settings.id, path: settings.port, settings: settings.serial, bufferingNewest: 1024) {
            driver.session(device: settings.id, options: settings.scale)
        }
        let reading = Task { await device.run() }
        defer { reading.cancel() }
        await cancelWhenGracefulShutdown {
            var openFault: String?
            for await event in device.events {
                guard case .health(let health, let failure) = event else { continue }
                do {
                    if let failure {
                        guard openFault == nil else {
                            logger.debug("device still failing", metadata: ["error": "\(failure)"])
                            continue
                        }
                        openFault = failure.code
                        logger.warning("device fault", metadata: ["port": "\(settings.port)", "error": "\(failure)"])
                        try await journal.append(kind: "device.fault", body: body(health, [
                            "code": .string(failure.code), "error": .string(failure.description),
                        ]))
                    } else {
                        openFault = nil
                        logger.notice("device connected", metadata: ["port": "\(settings.port)", "reconnects": "\(health.reconnects)"])
                        try await journal.append(kind: "device.connected", body: body(health, [:]))
                    }
                } catch {
                    logger.error("could not record the device's health", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    private func body(_ health: DeviceHealth, _ extra: [String: JSONValue]) -> JSONValue {
        var members: [String: JSONValue] = [
            "device": .string(settings.id), "kind": .string(settings.kind.rawValue), "driver": .string(settings.driver),
            "port": .string(settings.port), "line": .string(settings.serial.description),
            "reconnects": .number(Double(health.reconnects)), "frameErrors": .number(Double(health.frameErrors)),
        ]
        members.merge(extra) { $1 }
        return .object(members)
    }
}
