import DeviceKit
import LaneModel
import Logging

/// A code, document or HID reader's readings under the daemon: every reading becomes a record,
/// every rejected frame a (rate-limited) `device.fault`.
struct ReaderReadings: DeviceEventHandling {
    let settings: DeviceSettings
    let recorder: ReadingRecorder

    mutating func reading(_ reading: Reading, logger: Logger) async {
        do {
            let seq = try await recorder.record(reading, driver: settings.driver)
            logger.info("reading recorded", metadata: ["kind": "\(reading.kind.rawValue)", "seq": "\(seq)"])
        } catch {
            logger.error("could not record a reading", metadata: ["error": "\(error)"])
        }
    }

    mutating func rejected(_ error: FrameError, logger: Logger) async {
        // Document lines identify a person: the reason is recorded, the bytes never.
        let excerpt = settings.kind == .documentReader ? nil : String(decoding: error.bytes.prefix(200), as: UTF8.self)
        logger.warning("rejected input", metadata: ["reason": "\(error.reason)"])
        await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason, excerpt: excerpt,
                             input: error.bytes)
    }
}
