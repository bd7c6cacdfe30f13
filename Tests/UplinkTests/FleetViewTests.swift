import AgentTesting
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// The operations centre's view of a board that uploaded decisions and faults, on either store
/// (`LANEAGENT_TEST_RECEIVER_STORE=postgres`): the JSON, the page as Chromium renders it, and the
/// receiver's metrics.
@Suite("Fleet view", .timeLimit(.minutes(3)))
struct FleetViewTests {
    static let chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// A board whose lane C1 decided three crossings (one overridden), whose scale went away and
    /// whose uplink fault cleared, pushed to a fresh receiver.
    static func uploadedBoard() async throws -> (ReceiverProcess, TestAgent) {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        let journal = try agent.openJournal()
        for (index, decision) in ["CLEAR", "HOLD", "REFER"].enumerated() {
            _ = try await journal.append(kind: "crossing.decision", lane: "C1",
                                     body: ["crossing": .string("C1-\(index)"), "lane": "C1", "decision": .string(decision),
                                            "subject": ["plate": .string("29C<b>\(index)"), "weightKg": .null, "containers": []]])
        }
        let override: JSONValue = ["crossing": "C1-2", "lane": "C1", "decision": "CLEAR", "previous": "REFER", "officer": "o1", "reason": "seen",
                                   "at": "2026-12-06T08:00:09.000Z"]
        _ = try await journal.append(kind: "crossing.override", lane: "C1", body: override)
        _ = try await journal.append(kind: "device.fault", lane: nil,
                                 body: ["device": "scale-1", "kind": "weighbridge", "driver": "toledo", "port": "/dev/ttyUSB0", "reconnects": 2,
                                        "frameErrors": 0, "code": "LA-SERIAL-005", "error": "the port <went> away"])
        _ = try await journal.append(kind: "uplink.fault", lane: nil, body: ["code": "uplink.rejected", "message": "refused once"])
        _ = try await journal.append(kind: "uplink.fault.cleared", lane: nil, body: ["code": "uplink.rejected", "seq": 1])
        journal.close()
        let push = try await agent.push()
        #expect(push.status == 0, "\(push.stdout)\(push.stderr)")
        return (receiver, agent)
    }

    @Test("GET /v1/fleet: the board's lane decisions, override and open fault, and its backlog of 0")
    func fleetJSON() async throws {
        let (receiver, _) = try await Self.uploadedBoard()
        let fleet = try await HTTP.send("GET", receiver.url + "v1/fleet")
        #expect(fleet.status == 200)
        let board = try #require(fleet.json?["devices"]?.arrayValue?.first { $0["device"]?.stringValue == testDevice }, "\(fleet.text)")
        #expect(board["acceptedThrough"]?.integerValue == 7)
        #expect(board["backlog"]?.integerValue == 0, "the board says what it still has to send")
        let faults = board["openFaults"]?.arrayValue ?? []
        #expect(faults.map { $0["code"]?.stringValue } == ["LA-SERIAL-005"], "the cleared uplink fault is gone, the outage stays")
        let lane = try #require(board["lanes"]?.arrayValue?.first)
        #expect(lane["lane"]?.stringValue == "C1")
        #expect(lane["decisions"] == ["CLEAR": 1, "HOLD": 1, "REFER": 1])
        #expect(lane["overrides"]?.integerValue == 1)
        #expect(lane["recent"]?.arrayValue?.first?["overriddenTo"]?.stringValue == "CLEAR")
    }

    @Test("GET /fleet in headless Chromium: the board marked for attention with its fault, lane counts and decisions, board text escaped",
          .enabled(if: chromium != nil, "chromium is not installed (apt-get install -y chromium): the fleet page is not rendered"))
    func fleetPage() async throws {
        let chromium = try #require(Self.chromium)
        let (receiver, _) = try await Self.uploadedBoard()
        let profile = TemporaryDirectory("chromium")
        let dom = try await CommandRunner.run(chromium, ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--user-data-dir=\(profile.path)",
                                                         "--dump-dom", receiver.url + "fleet"])
        #expect(dom.status == 0, "\(dom.stderr)")
        for expected in ["board attention", testDevice, "1 open fault", "LA-SERIAL-005", "the port &lt;went&gt; away", "REFER</span>→CLEAR", "29C&lt;b&gt;2",
                         "synchronised", "0 records"] {
            #expect(dom.stdout.contains(expected), "the rendered page lacks \(expected)")
        }
        #expect(!dom.stdout.contains("<went>") && !dom.stdout.contains("29C<b>"), "what a board sent must not become markup")
    }

    @Test("GET /metrics: Prometheus text whose batch, record and device counts moved with the upload")
    func metrics() async throws {
        let (receiver, _) = try await Self.uploadedBoard()
        let refused = try await HTTP.send("POST", receiver.url + "v1/records:batch", headers: [("Content-Type", "text/plain")], body: [1])
        #expect(refused.status == 415)
        let scrape = try await HTTP.send("GET", receiver.url + "metrics")
        #expect(scrape.status == 200)
        #expect(scrape.header("Content-Type")?.hasPrefix("text/plain; version=0.0.4") == true)
        var samples: [String: Double] = [:]
        for line in scrape.text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            let value = try #require(parts.count == 2 ? Double(parts[1]) : nil, "not a sample line: \(line)")
            samples[String(parts[0])] = value
        }
        #expect((samples["clearance_receiver_batches_total{result=\"accepted\"}"] ?? 0) >= 1)
        #expect(samples["clearance_receiver_batches_total{result=\"unsupported-media-type\"}"] == 1)
        #expect(samples["clearance_receiver_records_accepted_total"] == 7)
        #expect(samples["clearance_receiver_devices"] == 1)
        #expect(samples.keys.contains { $0.hasPrefix("clearance_receiver_store_latency_seconds_count") })
        #expect(samples.keys.contains { $0.hasPrefix("clearance_receiver_requests_total{route=\"/v1/records:batch\",status=\"200\"") })
    }
}
