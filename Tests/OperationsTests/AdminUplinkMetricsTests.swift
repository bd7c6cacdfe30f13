import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// The uplink as `/metrics` and the status page show it: while the central service is down the
/// backlog ages and failed attempts count; once it is back the backlog drains, batches and bytes
/// count and `acked_through` reaches `last_seq`.
@Suite("Admin server: uplink metrics through an outage", .timeLimit(.minutes(3)))
struct AdminUplinkMetricsTests {
    @Test("receiver down: retries counted, backlog ages; receiver up: acknowledged through last_seq, batches and bytes counted")
    func outageAndRecovery() async throws {
        let receiver = TemporaryDirectory("receiver")
        let registry = receiver.file("registry.ndjson")
        let key = TestKeys.device
        try "{\"device\":\"HN1119-C03\",\"keyid\":\"\(key.keyID)\",\"publicKey\":\"\(Data(key.publicKeyBytes).base64EncodedString())\"}\n"
            .write(toFile: registry, atomically: true, encoding: .utf8)
        // A port that was free a moment ago: the receiver comes up on it later.
        let port = try await Self.serve(receiver, registry: registry, listen: "127.0.0.1:0")
        port.child.signal(SIGKILL)
        _ = await port.child.wait()

        let agent = try TestAgent(extraConfig: "[uplink]\nurl = \"http://127.0.0.1:\(port.number)/\"\nretry_max_seconds = 1\nrequest_timeout_seconds = 2\n")
        let journal = try agent.openJournal()
        for index in 0..<20 { try await journal.append(kind: "test.reading", body: ["index": .number(Double(index))]) }
        journal.close()
        // The backlog's oldest record is at least this old once the daemon runs.
        try await Task.sleep(for: .milliseconds(1100))

        let daemon = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        defer { daemon.signal(SIGTERM) }
        #expect(await daemon.waitForOutput("admin server listening"), "\(daemon.stdout)\n\(daemon.stderr)")
        let line = daemon.stdout.split(separator: "\n").first { $0.contains("admin server listening") } ?? ""
        let admin = "http://127.0.0.1:\(try #require(line.firstMatch(of: /\sport=(\d+)/).flatMap { Int($0.1) }))"

        let down = try await Self.scrape(admin) { ($0.value("laneagent_uplink_errors_total", ["kind": "retry"]) ?? 0) >= 2 }
        #expect(down.value("laneagent_journal_acked_through") == 0)
        #expect(down.value("laneagent_journal_pending") == down.value("laneagent_journal_last_seq"))
        #expect((down.value("laneagent_uplink_backlog_age_seconds") ?? 0) >= 1, "the oldest pending record waits since before the start")
        #expect(down.value("laneagent_uplink_batches_total") == 0)
        let page = try await AdminHTTP.get(admin + "/")
        #expect(page.body.contains("last problem") && page.body.contains("oldest pending record waits"), "\(page.body)")

        let back = try await Self.serve(receiver, registry: registry, listen: "127.0.0.1:\(port.number)")
        defer { back.child.signal(SIGKILL) }
        let up = try await Self.scrape(admin) { metrics in
            metrics.value("laneagent_journal_pending") == 0 && metrics.value("laneagent_uplink_backlog_age_seconds") == 0
        }
        let last = try #require(up.value("laneagent_journal_last_seq"))
        #expect(up.value("laneagent_journal_acked_through") == last)
        #expect(up.value("laneagent_uplink_records_total") == last, "every record of the journal went up in this run")
        #expect((up.value("laneagent_uplink_batches_total") ?? 0) >= 1)
        #expect((up.value("laneagent_uplink_bytes_total") ?? 0) > 0)
        #expect(up.value("laneagent_uplink_errors_total", ["kind": "fault"]) == 0)
        #expect(up.value("laneagent_uplink_fault_open") == 0)
        print("uplink after the outage: \(Int(up.value("laneagent_uplink_errors_total", ["kind": "retry"]) ?? 0)) retries, "
              + "\(Int(up.value("laneagent_uplink_batches_total") ?? 0)) batches, \(Int(up.value("laneagent_uplink_bytes_total") ?? 0)) bytes, acked through \(Int(last))")
        daemon.signal(SIGTERM)
        #expect(await daemon.wait() == 0, "\(daemon.stderr)")
    }

    /// Scrapes `/metrics` until `condition` holds (20 s at most).
    static func scrape(_ admin: String, until condition: (PrometheusText) -> Bool) async throws -> PrometheusText {
        let deadline = ContinuousClock.now + .seconds(20)
        var metrics = PrometheusText("")
        while ContinuousClock.now < deadline {
            metrics = PrometheusText(try await AdminHTTP.get(admin + "/metrics").body)
            if condition(metrics) { return metrics }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ScriptFailure("the metrics did not reach the expected state:\n\(metrics.text)")
    }

    /// A `clearance-receiver serve` on `listen`; its process and bound port.
    static func serve(_ directory: TemporaryDirectory, registry: String, listen: String) async throws -> (child: ChildProcess, number: Int) {
        let portFile = directory.file("port-\(UUID().uuidString)")
        let receiptKey = try TestKeys.write(TestKeys.central, to: directory.file("central.key"))
        let child = try ChildProcess(CommandRunner.receiverPath, ["serve", "--listen", listen, "--data", directory.file("data"),
                                                                 "--registry", registry, "--port-file", portFile,
                                                                 "--receipt-key", receiptKey])
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if let text = try? String(contentsOfFile: portFile, encoding: .utf8), let port = Int(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
                return (child, port)
            }
            try await Task.sleep(for: .milliseconds(50))
        }
        child.signal(SIGKILL)
        throw ScriptFailure("clearance-receiver did not listen on \(listen): \(child.stderr)")
    }
}
