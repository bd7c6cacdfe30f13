import DeviceKit
import Journal
import LaneModel
import Logging
import ServiceLifecycle

/// What a kind of streaming device does with its readings and its rejected frames; the
/// `DeviceService` loop does the rest. A value the loop owns, so it may keep state between
/// events; `logger` names the device.
protocol DeviceEventHandling: Sendable {
    associatedtype Value: Sendable
    mutating func reading(_ value: Value, logger: Logger) async
    mutating func rejected(_ error: FrameError, logger: Logger) async
}

/// The one loop every streaming device runs under the daemon (scales, serial code and document
/// readers, USB HID readers): the device runs until the service stops, reopening its port when
/// it disappears; each health change is recorded in the journal and told to the lanes (before
/// the record, so no crossing clears on a device that just failed); readings and rejected frames
/// go to the kind's own `handling`.
struct DeviceService<Handling: DeviceEventHandling>: Service {
    private let settings: DeviceSettings
    private let events: AsyncStream<DeviceEvent<Handling.Value>>
    private let start: @Sendable () async -> Void
    private let handling: Handling
    private let journal: Journal
    private let logger: Logger
    private let lanes: LaneHub
    private let devices: DeviceMonitor?

    /// `events` is the device's stream; `start` runs the device until cancelled.
    init(settings: DeviceSettings, events: AsyncStream<DeviceEvent<Handling.Value>>, start: @escaping @Sendable () async -> Void,
         handling: Handling, journal: Journal, logger: Logger, lanes: LaneHub, devices: DeviceMonitor?) {
        self.settings = settings
        self.events = events
        self.start = start
        self.handling = handling
        self.journal = journal
        self.lanes = lanes
        self.devices = devices
        var logger = logger
        logger[metadataKey: "device"] = "\(settings.id)"
        self.logger = logger
    }

    func run() async throws {
        let running = Task { await start() }
        defer { running.cancel() }
        let (settings, events, handling, journal, logger, lanes, devices) = (settings, events, handling, journal, logger, lanes, devices)
        await cancelWhenGracefulShutdown {
            var health = DeviceHealthRecorder(settings: settings, journal: journal, logger: logger, lanes: lanes, devices: devices)
            var handling = handling
            for await event in events {
                switch event {
                case .health(let state, let failure): await health.record(state, failure: failure)
                case .reading(let value, _): await handling.reading(value, logger: logger)
                case .frameError(let error): await handling.rejected(error, logger: logger)
                }
            }
        }
    }
}
