import DeviceKit
import Journal
import LaneModel
import Logging

/// A scale's readings under the daemon. When the scale feeds a lane, each settled weight of a
/// vehicle is recorded as a `reading.weight` and handed to the lane; the continuous stream of
/// frames is not recorded (ten a second would swamp the journal and say nothing more). A frame
/// that is not understood is a `device.fault` (at most one per interval, the rest counted).
struct ScaleReadings: DeviceEventHandling {
    let settings: DeviceSettings
    let journal: Journal
    let lanes: LaneHub
    /// Counts the scale's frames and rejected frames (every one, recorded or not).
    let devices: DeviceMonitor?
    /// Records frames that are not understood as (rate-limited) `device.fault`s.
    let faults: ReadingRecorder?
    private var settled = SettledWeight()

    init(settings: DeviceSettings, journal: Journal, lanes: LaneHub, devices: DeviceMonitor?, faults: ReadingRecorder?) {
        self.settings = settings
        self.journal = journal
        self.lanes = lanes
        self.devices = devices
        self.faults = faults
    }

    mutating func reading(_ reading: WeightReading, logger: Logger) async {
        devices?.frame(device: settings.id, at: reading.time)
        guard let lane = lanes.lane(of: settings.id), settled.isNew(reading) else { return }
        do {
            let sealed = try await journal.append(.readingWeight, lane: lane, body: reading.jsonValue)
            lanes.reading(.weight(reading), device: settings.id, reference: sealed.reference)
        } catch {
            logger.error("could not record a settled weight", metadata: ["error": "\(error)"])
        }
    }

    mutating func rejected(_ error: FrameError, logger: Logger) async {
        // Never a weight guessed from it: a fault with the reason and the bytes' hash.
        if let faults {
            await faults.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason,
                               excerpt: Hex.spaced(error.bytes.prefix(64)), input: error.bytes)
        } else {
            devices?.frameError(device: settings.id, reason: error.reason)
        }
    }
}
