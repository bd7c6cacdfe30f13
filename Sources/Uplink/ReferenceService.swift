import Logging
import ServiceLifecycle

/// The daemon's reference-data refresher: syncs at start and every `refresh_seconds`.
public struct ReferenceService: Service {
    private let sync: ReferenceSync
    private let interval: Duration
    private let logger: Logger

    public init(sync: ReferenceSync, interval: Duration, logger: Logger) {
        self.sync = sync
        self.interval = interval
        self.logger = logger
    }

    public func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do { try await sync.syncOnce() } catch {
                    logger.warning("reference sync failed; keeping the held copy", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
