import ContainerScanners
import DeviceKit
import Journal
import LaneModel
import Logging
import ServiceLifecycle

/// Polls an X-ray scanner's drop folder: each finished result file becomes a `reading.scan`
/// record (its image stored as evidence) and then moves to `done/`; a refused one becomes a
/// `device.fault` and moves to `rejected/`. A file is moved only after its record committed,
/// so a crash in between reads it again rather than losing it.
public struct ScanFolderService: Service {
    private let settings: DeviceSettings
    private let recorder: ReadingRecorder
    private let journal: Journal
    private let logger: Logger
    private let interval: Duration

    public init(settings: DeviceSettings, recorder: ReadingRecorder, journal: Journal, logger: Logger) {
        self.settings = settings
        self.recorder = recorder
        self.journal = journal
        var logger = logger
        logger[metadataKey: "device"] = "\(settings.id)"
        self.logger = logger
        interval = .milliseconds(settings.pollMilliseconds ?? 1000)
    }

    public func run() async throws {
        var watcher = ScanFolderWatcher(folder: settings.port, device: settings.id)
        var health = DeviceHealthRecorder(settings: settings, journal: journal, logger: logger, lanes: recorder.lanes, devices: recorder.devices)
        var reachable: Bool?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var items: [ScanFolderItem] = []
            do {
                items = try watcher.poll(now: .now())
                if reachable != true {
                    reachable = true
                    await health.record(DeviceHealth(device: settings.id), failure: nil)
                }
            } catch {
                if reachable != false {
                    reachable = false
                    await health.record(DeviceHealth(device: settings.id), failure: error)
                }
            }
            for item in items {
                do { try await settle(item, &watcher) } catch {
                    logger.error("could not record a scan result; it is read again after a restart", metadata: ["file": "\(item.file)", "error": "\(error)"])
                }
            }
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
        }
    }

    private func settle(_ item: ScanFolderItem, _ watcher: inout ScanFolderWatcher) async throws {
        switch item.content {
        case .reading(let reading):
            let seq = try await recorder.record(reading, driver: settings.driver)
            logger.info("reading recorded", metadata: ["kind": "scan", "file": "\(item.file)", "seq": "\(seq)"])
        case .rejection(let rejection):
            logger.warning("refused a result file", metadata: ["file": "\(item.file)", "reason": "\(rejection.reason)"])
            await recorder.fault(device: settings.id, kind: settings.kind.rawValue, driver: settings.driver,
                                 reason: "\(item.file): \(rejection.reason)", excerpt: rejection.excerpt)
        }
        try watcher.settle(item)
    }
}
