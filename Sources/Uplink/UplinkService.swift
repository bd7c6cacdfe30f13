import Journal
import Logging
import ServiceLifecycle

/// The daemon's uploader: drains the journal to the clearance service continuously. On graceful
/// shutdown it lets the batch in flight finish (so its acknowledgement is recorded) and returns.
public struct UplinkService: Service {
    private let uploader: Uploader
    private let client: ClearanceClient
    private let logger: Logger
    private let pollInterval: Duration
    private let onStep: @Sendable (Uploader.Step, Uploader.Progress) -> Void

    /// `onStep` hears every attempt's outcome and the totals after it (the daemon's uplink metrics).
    public init(uploader: Uploader, client: ClearanceClient, logger: Logger, pollInterval: Duration = .milliseconds(500),
                onStep: @escaping @Sendable (Uploader.Step, Uploader.Progress) -> Void = { _, _ in }) {
        self.uploader = uploader
        self.client = client
        self.logger = logger
        self.pollInterval = pollInterval
        self.onStep = onStep
    }

    public func run() async throws {
        logger.info("uplink started", metadata: ["url": "\(client.route.inUse)", "urls": "\(client.settings.baseURLs.joined(separator: " "))"])
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            let pause: Duration?
            let step = await uploader.step()
            onStep(step, await uploader.progress)
            switch step {
            case .acknowledged, .resend: pause = nil
            case .idle: pause = pollInterval
            case .wait(let delay, _): pause = delay
            case .fault(let fault):
                logger.error("uplink needs a person", metadata: ["code": "\(fault.code)", "message": "\(fault.message)"])
                pause = .seconds(client.settings.rejectedRetrySeconds)
            }
            if let pause {
                // Only the waits end early on shutdown; a request in flight always completes.
                let clock = uploader.clock
                try? await cancelWhenGracefulShutdown { try await clock.sleep(for: pause) }
            }
        }
        await uploader.saveState()
        await client.shutdown()
        logger.info("uplink stopped")
    }
}
