import Journal
import LaneModel
import Records
import Uplink

/// Everything the admin endpoints show, read once per request from the daemon's live state:
/// the journal, the lanes' status JSON, the device and uplink monitors and the decision counts.
public struct DaemonSnapshot: Sendable {
    public let time: Timestamp
    public let device: String
    public let site: String
    public let version: String
    /// The journal's counts, or why they could not be read.
    public let journal: Result<JournalStatus, JournalError>
    /// `[journal] min_free_mb` in bytes: below it the disk counts as full.
    public let minFreeBytes: Int64
    /// The time of the oldest record not yet acknowledged by the central service.
    public let oldestPendingAt: Timestamp?
    /// Why the journal or a lane counts as hung (the watchdog's findings), one phrase each.
    public let hung: [String]
    public let lanes: [LaneSnapshot]
    public let devices: [DeviceActivity]
    /// Nil when the board has no `[uplink]`.
    public let uplink: UplinkActivity?
    /// The uplink's persisted state (open fault, last acceptance), surviving restarts.
    public let uplinkState: UplinkState?
    public let crossings: CrossingTally.Counts

    /// Reads the live state of one daemon: a few journal rows, a stat and a statvfs (well under a
    /// millisecond, so inline in the request) and the in-memory lane and device state.
    static func take(config: AgentConfig, health: DaemonHealth, monitors: DaemonMonitors) -> DaemonSnapshot {
        let journal = health.journal
        let now = journal.options.now()
        let status = Result { () throws(JournalError) in try journal.status() }
        var oldest: Timestamp?
        if case .success(let counts) = status, counts.pending > 0 {
            oldest = try? journal.envelopes(from: counts.ackedThrough + 1, limit: 1).first.flatMap(Self.recordTime)
        }
        let hung = health.problems()
        let lanes = health.lanes.runners.map { runner in
            LaneSnapshot(id: runner.settings.id, status: runner.status,
                         running: runner.answeredHeartbeat && !hung.contains { $0.hasPrefix("lane \(runner.settings.id):") })
        }
        return DaemonSnapshot(
            time: now, device: config.agent.device, site: config.agent.site, version: LaneAgentVersion.current,
            journal: status, minFreeBytes: journal.options.minFreeBytes, oldestPendingAt: oldest, hung: hung, lanes: lanes,
            devices: monitors.devices.snapshot, uplink: config.uplink == nil ? nil : monitors.uplink.snapshot,
            uplinkState: config.uplink == nil ? nil : try? UplinkState.load(stateDirectory: config.agent.stateDirectory),
            crossings: monitors.crossings.snapshot)
    }

    /// Seconds the oldest pending record has waited for the central service; 0 with none pending.
    public var backlogAgeSeconds: Double {
        oldestPendingAt.map { Double(max(0, time.millisecondsSinceEpoch - $0.millisecondsSinceEpoch)) / 1000 } ?? 0
    }

    private static func recordTime(_ stored: StoredEnvelope) -> Timestamp? {
        guard let envelope = try? Envelope(parsing: stored.bytes), let json = try? JSONParser.parse(envelope.payload) else { return nil }
        return (try? Record(parsing: json))?.time
    }
}
