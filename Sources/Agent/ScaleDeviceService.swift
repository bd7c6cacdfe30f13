import DeviceKit
import Journal
import LaneModel
import Logging
import Scales
import ServiceLifecycle

/// Reads one configured scale while the daemon runs, reopening its port when it disappears,
/// and records its health in the journal. Readings go to the lanes, which record what they decide.
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
        let (journal, logger) = (self.journal, self.logger)
        await cancelWhenGracefulShutdown {
            var health = DeviceHealthRecorder(settings: settings, journal: journal, logger: logger)
            for await event in device.events {
                guard case .health(let state, let failure) = event else { continue }
                await health.record(state, failure: failure)
            }
        }
    }
}
