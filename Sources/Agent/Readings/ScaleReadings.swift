import DeviceKit
import LaneModel
import Logging

/// A scale's readings under the daemon. When the scale feeds a lane, each settled weight of a
/// vehicle is recorded as a `reading.weight` and handed to the lane; the continuous stream of
/// frames is not recorded (ten a second would swamp the journal and say nothing more). A frame
/// that is not understood is a `device.fault` (at most one per interval, the rest counted).
struct ScaleReadings: DeviceEventHandling {
    let settings: DeviceSettings
    /// Records settled weights and rejected frames, and counts every frame.
    let recorder: ReadingRecorder
    /// The lane the scale feeds, looked up once rather than for each of its ten frames a second.
    private let lane: String?
    private var settled = SettledWeight()

    init(settings: DeviceSettings, recorder: ReadingRecorder) {
        self.settings = settings
        self.recorder = recorder
        lane = recorder.lanes.lane(of: settings.id)
    }

    mutating func reading(_ reading: WeightReading, logger: Logger) async {
        recorder.devices?.frame(device: settings.id, at: reading.time)
        guard let lane, settled.isNew(reading) else { return }
        do {
            try await recorder.recordWeight(reading, device: settings.id, lane: lane)
        } catch {
            logger.error("could not record a settled weight", metadata: ["error": "\(error)"])
        }
    }

    mutating func rejected(_ error: FrameError, logger: Logger) async {
        // Never a weight guessed from it: a fault with the reason and the bytes' hash.
        await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason,
                             excerpt: Hex.spaced(error.bytes.prefix(64)), input: error.bytes)
    }
}
