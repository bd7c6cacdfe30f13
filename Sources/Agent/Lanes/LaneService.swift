import Foundation
import Journal
import LaneIO
import LaneModel
import Lanes
import Logging
import ServiceLifecycle
import Uplink

/// The daemon's lanes: one runner per `[[lanes]]` entry with its GPIO, the clock and reference
/// data kept current in every lane, and the local control API. On shutdown each lane drives its
/// outputs to the safe state (lights red, barrier closed once its loop is clear).
public struct LaneService: Service {
    public let hub: LaneHub
    private let config: AgentConfig
    private let logger: Logger
    private let clockSync: @Sendable () -> ClockSync
    private let pollInterval: Duration
    private let controlSocket: Bool

    /// Opens every lane's GPIO chip and lines (failing with the chip's error when one is absent).
    /// `chips` opens a chip by its configured name; `simulated` chips are made in process.
    public init(config: AgentConfig, journal: Journal, logger: Logger, chips: LaneChips = LaneChips(),
                clockSync: @escaping @Sendable () -> ClockSync = KernelClock.syncState, pollInterval: Duration = .seconds(5),
                controlSocket: Bool = true) throws(GPIOError) {
        var runners: [LaneRunner] = []
        let activity = LaneActivityFeed()
        for lane in config.lanes {
            let chip = try chips.chip(for: lane)
            let io = try LaneIO(lane: lane.id, chip: chip, lines: lane.gpio.lines, consumer: "laneagent-\(lane.id)", clock: journal.options.clock)
            runners.append(LaneRunner(settings: lane, journal: journal, io: io, activity: activity, logger: logger, clock: journal.options.clock))
        }
        let officers = OfficerAuthenticator(store: config.referenceStore, journal: journal, logger: logger, now: journal.options.now)
        hub = LaneHub(runners: runners, activity: activity, officers: officers)
        self.config = config
        self.logger = logger
        self.clockSync = clockSync
        self.pollInterval = pollInterval
        self.controlSocket = controlSocket
    }

    public func run() async throws {
        guard !hub.runners.isEmpty else {
            // Returning would end the daemon's whole service group: wait for shutdown instead.
            try? await gracefulShutdown()
            return
        }
        let store = config.referenceStore
        let logger = self.logger
        let heldReference: @Sendable () -> ReferenceData? = {
            do { return try store?.load()?.data } catch {
                logger.error("the held reference data cannot be read; lanes decide without it (REFER)", metadata: ["error": "\(error)"])
                return nil
            }
        }
        let heldStamp: @Sendable () -> FileStamp? = { store.flatMap { FileStamp(path: $0.path) } }
        let reference = heldReference()
        let synced = clockSync() == .synced
        let (hub, clockSync, pollInterval) = (self.hub, self.clockSync, self.pollInterval)
        await withTaskGroup(of: Void.self) { services in
            if controlSocket {
                let server = LaneControlServer(hub: hub, stateDirectory: config.agent.stateDirectory, logger: logger)
                services.addTask {
                    do { try await server.run() } catch {
                        logger.error("the lane control API stopped; overrides need it", metadata: ["error": "\(error)"])
                    }
                }
            }
            // Every lane finishes its queued inputs and reaches its safe state before the API goes.
            await withTaskGroup(of: Void.self) { lanes in
                for runner in hub.runners {
                    lanes.addTask { await runner.run(reference: reference, clockSynced: synced) }
                }
                await cancelWhenGracefulShutdown {
                    await Self.follow(hub: hub, reference: reference, synced: synced, heldReference: heldReference, heldStamp: heldStamp, clockSync: clockSync,
                                      every: pollInterval, logger: logger)
                }
                for runner in hub.runners { runner.finish() }
            }
            services.cancelAll()
        }
    }

    /// Tells every lane when the clock's sync state or the held reference data changes.
    private static func follow(hub: LaneHub, reference: ReferenceData?, synced: Bool, heldReference: @Sendable () -> ReferenceData?,
                               heldStamp: @Sendable () -> FileStamp?,
                               clockSync: @Sendable () -> ClockSync, every interval: Duration, logger: Logger) async {
        var (reference, synced) = (reference, synced)
        var lastStamp = heldStamp()
        while !Task.isCancelled {
            try? await Task.sleep(for: interval)
            let nowSynced = clockSync() == .synced
            if nowSynced != synced {
                synced = nowSynced
                logger.warning("clock sync changed", metadata: ["synced": "\(nowSynced)"])
                hub.broadcast(.clock(synced: nowSynced))
            }
            // Reading the held copy means verifying its signature: only when the file changed.
            let stamp = heldStamp()
            guard stamp != lastStamp else { continue }
            lastStamp = stamp
            let latest = heldReference()
            if latest?.version != reference?.version || latest?.issuedAt != reference?.issuedAt {
                reference = latest
                hub.broadcast(.reference(latest))
            }
        }
    }
}
