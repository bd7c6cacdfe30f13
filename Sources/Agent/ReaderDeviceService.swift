import DeviceKit
import Journal
import LaneModel
import Logging
import ServiceLifecycle

/// Runs a reader that produces `Reading`s over a stream of `DeviceEvent`s (serial code and MRZ
/// readers, USB HID readers): every reading becomes a record, every rejected frame a
/// (rate-limited) `device.fault`, and health changes are recorded as for scales.
public struct ReaderDeviceService: Service {
    private let settings: DeviceSettings
    private let events: AsyncStream<DeviceEvent<Reading>>
    private let start: @Sendable () async -> Void
    private let recorder: ReadingRecorder
    private let journal: Journal
    private let logger: Logger

    /// `events` is the device's stream; `start` runs the device until cancelled.
    public init(settings: DeviceSettings, events: AsyncStream<DeviceEvent<Reading>>, start: @escaping @Sendable () async -> Void,
                recorder: ReadingRecorder, journal: Journal, logger: Logger) {
        self.settings = settings
        self.events = events
        self.start = start
        self.recorder = recorder
        self.journal = journal
        var logger = logger
        logger[metadataKey: "device"] = "\(settings.id)"
        self.logger = logger
    }

    public func run() async throws {
        let running = Task { await start() }
        defer { running.cancel() }
        let personal = settings.kind == .documentReader
        let (journal, logger) = (self.journal, self.logger)
        await cancelWhenGracefulShutdown {
            var health = DeviceHealthRecorder(settings: settings, journal: journal, logger: logger, lanes: recorder.lanes, devices: recorder.devices)
            for await event in events {
                switch event {
                case .reading(let reading, _):
                    do {
                        let seq = try await recorder.record(reading, driver: settings.driver)
                        logger.info("reading recorded", metadata: ["kind": "\(reading.kind.rawValue)", "seq": "\(seq)"])
                    } catch {
                        logger.error("could not record a reading", metadata: ["error": "\(error)"])
                    }
                case .frameError(let error):
                    // Document lines identify a person: the reason is recorded, the bytes never.
                    let excerpt = personal ? nil : String(decoding: error.bytes.prefix(200), as: UTF8.self)
                    logger.warning("rejected input", metadata: ["reason": "\(error.reason)"])
                    await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver, reason: error.reason, excerpt: excerpt,
                                           input: error.bytes)
                case .health(let state, let failure):
                    await health.record(state, failure: failure)
                }
            }
        }
    }
}
