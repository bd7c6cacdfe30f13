import Journal
import LaneModel
import Prometheus
import Synchronization

/// The daemon's Prometheus metrics in one registry it owns (nothing is bootstrapped globally, so
/// several daemons in one test process stay apart). Latencies are recorded as they happen;
/// everything else is read from the live state when `/metrics` is scraped, so a metric can never
/// drift from what the journal, the lanes and the devices say.
public final class DaemonMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry
    private let appendLatency: DurationHistogram
    /// Totals already added to each counter that mirrors a count, by counter key; also what
    /// serialises scrapes, so two at once cannot add a delta twice.
    private let mirrored = Mutex<[String: Int]>([:])

    /// Journal commits take milliseconds on a healthy SD card or eMMC, seconds when it is dying.
    static let appendBuckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500].map { .milliseconds($0) }
    /// Input to committed decision: the commit plus the lane's queue.
    static let decisionBuckets: [Duration] = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000].map { .milliseconds($0) }

    public init(registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        appendLatency = registry.makeDurationHistogram(
            descriptor: Self.name("journal", "append_latency", "seconds", "Time from submitting a record to its commit (fsync included)"),
            labels: [], buckets: Self.appendBuckets)
    }

    /// Measures every append to `journal` from now on.
    public func observeAppends(to journal: Journal) {
        let histogram = appendLatency
        journal.observeAppends { histogram.record($0) }
    }

    /// The Prometheus text exposition of `snapshot`, with the decision latencies `lanes` measured
    /// since the last scrape.
    public func exposition(_ snapshot: DaemonSnapshot, lanes: [LaneRunner]) -> [UInt8] {
        mirrored.withLock { seen in
            update(snapshot, lanes: lanes, seen: &seen)
            return registry.emitToBuffer()
        }
    }

    private func update(_ snapshot: DaemonSnapshot, lanes: [LaneRunner], seen: inout [String: Int]) {
        gauge(nil, "build_info", "", "Always 1; the version is its label", labels: [("version", snapshot.version)], 1)
        if case .success(let journal) = snapshot.journal {
            gauge("journal", "last_seq", "", "Seq of the newest record in the journal", Double(journal.lastSeq))
            gauge("journal", "acked_through", "", "Seq through which the central service acknowledged the journal", Double(journal.ackedThrough))
            gauge("journal", "pending", "", "Records not yet acknowledged by the central service", Double(journal.pending))
            gauge("journal", "file", "bytes", "Size of the journal's SQLite files", Double(journal.fileBytes))
            gauge("disk", "free", "bytes", "Bytes free for the journal on its file system", Double(journal.freeBytes))
        }
        gauge("disk", "min_free", "bytes", "[journal] min_free_mb: below it the board faults and refers its lanes", Double(snapshot.minFreeBytes))
        gauge(nil, "ready", "", "1 when /readyz answers 200", ReadinessReport(snapshot).ready ? 1 : 0)
        if let uplink = snapshot.uplink {
            gauge("uplink", "backlog_age", "seconds", "Age of the oldest record the central service has not acknowledged (0 when none)",
                  snapshot.backlogAgeSeconds)
            mirror("uplink", "batches", "Batches the central service accepted", to: uplink.batches, seen: &seen)
            mirror("uplink", "records", "Records the central service accepted", to: uplink.records, seen: &seen)
            mirror("uplink", "bytes", "Compressed bytes of the accepted batches", to: uplink.bytes, seen: &seen)
            mirror("uplink", "errors", "Failed upload attempts: retry (network, 5xx, Retry-After) or fault (a person must look)",
                   labels: [("kind", "retry")], to: uplink.retries, seen: &seen)
            mirror("uplink", "errors", "Failed upload attempts: retry (network, 5xx, Retry-After) or fault (a person must look)",
                   labels: [("kind", "fault")], to: uplink.faults, seen: &seen)
            gauge("uplink", "fault_open", "", "1 while an uplink fault waits for a person", snapshot.uplinkState?.fault == nil ? 0 : 1)
            if let receiver = uplink.receiver, let index = uplink.receivers.firstIndex(of: receiver) {
                gauge("uplink", "receiver", "", "Place of the receiver in use in [uplink] urls (1: the first, preferred)", Double(index + 1))
                mirror("uplink", "receiver_switches", "Times the board moved to another receiver URL (failovers and returns to the first)",
                       to: uplink.receiverSwitches, seen: &seen)
            }
        }
        for device in snapshot.devices {
            let labels = [("device", device.device)]
            mirror("device", "frames", "Valid frames or events from the device", labels: labels, to: device.frames, seen: &seen)
            mirror("device", "frame_errors", "Frames or events the device's driver rejected", labels: labels, to: device.frameErrors, seen: &seen)
            mirror("device", "reconnects", "Times the device's port was opened again after it was lost", labels: labels, to: device.reconnects, seen: &seen)
            gauge("device", "connected", "", "1 while the device's port is open, 0 while it is faulted (absent until it reports)",
                  labels: labels, device.connected.map { $0 ? 1 : 0 })
            gauge("device", "last_reading_age", "seconds", "Seconds since the device's last valid frame or event (absent before the first)",
                  labels: labels, device.lastReadingAge(at: snapshot.time))
        }
        for lane in snapshot.lanes {
            gauge("lane", "running", "", "1 while the lane's loop answers", labels: [("lane", lane.id)], lane.running ? 1 : 0)
            for decision in Decision.allCases {
                let labels = [("lane", lane.id), ("decision", decision.rawValue)]
                mirror("lane", "crossings", "Crossings decided, by the lane's decision", labels: labels,
                       to: snapshot.crossings.decisions[lane.id]?[decision] ?? 0, seen: &seen)
                guard decision != .refer else { continue }
                mirror("lane", "overrides", "Officers' overrides, by the decision they set", labels: labels,
                       to: snapshot.crossings.overrides[lane.id]?[decision] ?? 0, seen: &seen)
            }
        }
        for runner in lanes {
            let histogram = registry.makeDurationHistogram(
                descriptor: Self.name(nil, "decision_latency", "seconds", "From the input that completed a crossing to its committed decision"),
                labels: [("lane", runner.settings.id)], buckets: Self.decisionBuckets)
            let key = "decision_latency|\(runner.settings.id)"
            let (samples, recorded) = runner.latencies.decisions(since: seen[key, default: 0])
            for sample in samples { histogram.record(sample) }
            seen[key] = recorded
        }
    }

    private func gauge(_ subsystem: String?, _ metric: String, _ unit: String, _ help: String, labels: [(String, String)] = [], _ value: Double?) {
        guard let value else { return }
        registry.makeGauge(descriptor: Self.name(subsystem, metric, unit, help), labels: labels).set(value)
    }

    /// Adds to a counter what `total` grew by since the last scrape.
    private func mirror(_ subsystem: String, _ metric: String, _ help: String, labels: [(String, String)] = [], to total: Int, seen: inout [String: Int]) {
        let counter = registry.makeCounter(descriptor: Self.name(subsystem, metric, "total", help), labels: labels)
        let key = "\(subsystem)_\(metric)|" + labels.map { "\($0.0)=\($0.1)" }.joined(separator: ",")
        let delta = total - seen[key, default: 0]
        guard delta > 0 else { return }
        counter.increment(by: Int64(delta))
        seen[key] = total
    }

    static func name(_ subsystem: String?, _ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "laneagent", subsystem: subsystem, metricName: metric, unitName: unit, helpText: help)
    }
}
