import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The admin server of a running `laneagent run`, scraped after a scripted lane run: what
/// Prometheus, a load balancer's probe and a technician's browser would read, checked against
/// the journal the daemon wrote.
@Suite("Admin server: metrics and health of a running daemon", .timeLimit(.minutes(3)))
struct AdminEndpointTests {
    @Test("after two referrals and an officer's CLEAR: /metrics counts them as the journal holds them, /healthz and /readyz answer ok")
    func scrapedAfterAScriptedRun() async throws {
        let run = try await ScriptedLaneRun()
        do {
            try await run.play()

            let health = try await AdminHTTP.get(run.admin + "/healthz")
            #expect(health.status == 200 && health.contentType.hasPrefix("application/json"))
            #expect(try health.json()["status"] == "ok", "\(health.body)")

            let ready = try await AdminHTTP.get(run.admin + "/readyz")
            #expect(ready.status == 200, "\(ready.body)")
            let checks = try ready.json()["checks"]?.arrayValue ?? []
            #expect(Set(checks.compactMap { $0["name"]?.stringValue }) == ["journal", "disk", "lanes"], "\(ready.body)")
            #expect(checks.allSatisfy { $0["ok"] == .bool(true) }, "\(ready.body)")

            // The lane's last actuations land just after the override: scrape once the journal is still.
            let (metrics, records) = try await Self.settledScrape(run)
            print("scraped /metrics (\(metrics.text.utf8.count) bytes, \(metrics.samples.count) samples) at journal seq \(records.last?.seq ?? 0)")
            #expect(metrics.value("laneagent_journal_last_seq") == Double(records.last?.seq ?? -1))
            #expect(metrics.value("laneagent_journal_acked_through") == 0, "[uplink] names a closed port: nothing is acknowledged")
            #expect(metrics.value("laneagent_journal_pending") == Double(records.count))
            // Every record of this run was appended after the admin server began measuring.
            #expect(metrics.value("laneagent_journal_append_latency_seconds_count") == Double(records.count))

            let decisions = records.filter { $0.kind == "crossing.decision" }
            for decision in Decision.allCases {
                let inJournal = decisions.filter { $0.body["decision"]?.stringValue == decision.rawValue }.count
                #expect(metrics.value("laneagent_lane_crossings_total", ["lane": "P1", "decision": decision.rawValue]) == Double(inJournal),
                        "\(decision.rawValue): the journal holds \(inJournal)")
            }
            #expect(decisions.map { $0.body["decision"]?.stringValue } == ["REFER", "REFER"])
            for decision in ["CLEAR", "HOLD"] {
                let inJournal = records.filter { $0.kind == "crossing.override" && $0.body["decision"]?.stringValue == decision }.count
                #expect(metrics.value("laneagent_lane_overrides_total", ["lane": "P1", "decision": decision]) == Double(inJournal))
            }
            #expect(metrics.value("laneagent_lane_overrides_total", ["lane": "P1", "decision": "CLEAR"]) == 1)
            #expect(metrics.value("laneagent_decision_latency_seconds_count", ["lane": "P1"]) == 2)
            #expect(metrics.value("laneagent_lane_running", ["lane": "P1"]) == 1)
            #expect(metrics.value("laneagent_ready") == 1)

            let faces = records.filter { $0.kind == "reading.face" }.count
            #expect(metrics.value("laneagent_device_frames_total", ["device": "face-1"]) == Double(faces))
            #expect(metrics.value("laneagent_device_frame_errors_total", ["device": "face-1"]) == 0)
            let age = try #require(metrics.value("laneagent_device_last_reading_age_seconds", ["device": "face-1"]))
            #expect(age >= 0 && age < 60)

            let free = try #require(metrics.value("laneagent_disk_free_bytes"))
            #expect(free > 0 && free >= metrics.value("laneagent_disk_min_free_bytes") ?? .infinity)
            #expect(metrics.value("laneagent_uplink_batches_total") == 0, "[uplink] names a closed port: nothing is sent")
            #expect(metrics.text.contains("# TYPE laneagent_decision_latency_seconds histogram"))
            #expect(metrics.text.contains("# HELP laneagent_lane_crossings_total "))
        } catch {
            _ = await run.stop()
            throw error
        }
        #expect(await run.stop() == 0, "\(run.daemon.stderr)")
    }

    @Test("/readyz is 503 and names the failed check while the disk is under [journal] min_free_mb")
    func notReadyOnALowDisk() async throws {
        // 1 TB minimum: no test machine's disk has that free.
        let run = try await ScriptedLaneRun(extraConfig: "\n[journal]\nmin_free_mb = 1000000\n")
        defer { run.daemon.signal(SIGTERM) }
        let ready = try await AdminHTTP.get(run.admin + "/readyz")
        #expect(ready.status == 503, "\(ready.body)")
        let json = try ready.json()
        #expect(json["status"] == "not-ready")
        let disk = json["checks"]?.arrayValue?.first { $0["name"] == "disk" }
        #expect(disk?["ok"] == .bool(false) && disk?["detail"]?.stringValue?.contains("minimum 1000000 MB") == true, "\(ready.body)")
        #expect(try await AdminHTTP.get(run.admin + "/healthz").status == 200, "the process is up all the same")
        let metrics = PrometheusText(try await AdminHTTP.get(run.admin + "/metrics").body)
        #expect(metrics.value("laneagent_ready") == 0)
        #expect(await run.stop() == 0)
    }

    /// `/metrics` and the journal once two scrapes in a row agree on the last seq.
    static func settledScrape(_ run: ScriptedLaneRun) async throws -> (PrometheusText, [Record]) {
        var previous: Double?
        for _ in 0..<50 {
            let metrics = PrometheusText(try await AdminHTTP.get(run.admin + "/metrics").body)
            let records = try run.agent.records()
            let last = metrics.value("laneagent_journal_last_seq")
            if last == Double(records.last?.seq ?? -1), last == previous { return (metrics, records) }
            previous = last
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ScriptFailure("the journal did not settle")
    }
}
