import DeviceKit
import Journal
import LaneModel
import Lanes
import Logging
import Scales
import ServiceLifecycle

/// Reads one configured scale while the daemon runs, reopening its port when it disappears,
/// and records its health in the journal. When the scale feeds a lane, each settled weight of a
/// vehicle is recorded as a `reading.weight` and handed to the lane; the continuous stream of
/// frames is not recorded (ten a second would swamp the journal and say nothing more). A frame
/// that is not understood is a `device.fault` (at most one per interval, the rest counted).
public struct ScaleDeviceService: Service {
    private let settings: DeviceSettings
    private let driver: ScaleDriver
    private let journal: Journal
    private let logger: Logger
    private let lanes: LaneHub
    private let devices: DeviceMonitor?
    private let faults: ReadingRecorder?

    /// `devices` counts the scale's frames and rejected frames (every one, recorded or not);
    /// `faults` records frames that are not understood as (rate-limited) `device.fault`s.
    public init(settings: DeviceSettings, driver: ScaleDriver, journal: Journal, logger: Logger, lanes: LaneHub = .none,
                devices: DeviceMonitor? = nil, faults: ReadingRecorder? = nil) {
        self.settings = settings
        self.faults = faults
        self.driver = driver
        self.journal = journal
        self.lanes = lanes
        self.devices = devices
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
        let (journal, logger, lanes, devices, faults) = (self.journal, self.logger, self.lanes, self.devices, self.faults)
        let lane = lanes.lane(of: settings.id)
        await cancelWhenGracefulShutdown {
            var health = DeviceHealthRecorder(settings: settings, journal: journal, logger: logger, lanes: lanes, devices: devices)
            var settled = SettledWeight()
            for await event in device.events {
                switch event {
                case .health(let state, let failure):
                    await health.record(state, failure: failure)
                case .reading(let reading, _):
                    devices?.frame(device: settings.id, at: reading.time)
                    guard lane != nil, settled.isNew(reading) else { continue }
                    do {
                        let sealed = try await journal.append(.readingWeight, lane: lane, body: reading.jsonValue)
                        lanes.reading(.weight(reading), device: settings.id, reference: sealed.reference)
                    } catch {
                        logger.error("could not record a settled weight", metadata: ["error": "\(error)"])
                    }
                case .frameError(let error):
                    // Never a weight guessed from it: a fault with the reason and the bytes' hash.
                    if let faults {
                        await faults.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason,
                                           excerpt: Hex.spaced(error.bytes.prefix(64)), input: error.bytes)
                    } else {
                        devices?.frameError(device: settings.id, reason: error.reason)
                    }
                }
            }
        }
    }
}
