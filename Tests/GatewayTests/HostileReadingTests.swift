import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// Readings an allowlisted but hostile device sends: every record still fits the upload
/// contract, what was cut is named, and one request cannot flood the journal.
@Suite("Hostile readings through the real gateway", .serialized, .timeLimit(.minutes(2)))
struct HostileReadingTests {
    static let devices = """
        [http]
        listen = "127.0.0.1:0"
        max_body_kb = 8192

        [evidence]
        seal_to = "\(CentralEvidenceKey.publicBase64)"

        [[devices]]
        id = "plate-3"
        kind = "plate-reader"
        driver = "generic-plate-json"
        address = "127.0.0.1"

        [[devices]]
        id = "xray-1"
        kind = "xray"
        driver = "generic-scan-json"
        address = "127.0.0.1"

        [[devices]]
        id = "finger-1"
        kind = "fingerprint-terminal"
        driver = "zkteco-push"
        address = "127.0.0.1"
        serial = "CKJX201960001"
        """

    @Test("an 8 MB plate is a fault, not a record; long scan fields are cut and named; 2,000 ATTLOG lines make at most 500 readings")
    func hostile() async throws {
        let agent = try TestAgent(extraConfig: Self.devices)
        let running = try await RunningAgent(agent)

        let plate = try await RawHTTP.post(running.url("plate-3"), contentType: "application/json",
                                           body: Array("{\"plate\": \"\(String(repeating: "A", count: 8_000_000))\"}".utf8))
        #expect(plate.status == 200, "\(plate.text)")

        let containers = (0..<200).map { _ in "\"CSQU3054383\"" }.joined(separator: ",")
        let scan = """
            {\"scanId\": \"\(String(repeating: "S", count: 5_000))\", \"verdict\": \"clear\", \"containers\": [\(containers)], \"operator\": \
            \"\(String(repeating: "é", count: 3_000))\"}
            """
        let scanReply = try await RawHTTP.post(running.url("xray-1"), contentType: "application/json", body: Array(scan.utf8))
        #expect(scanReply.status == 200, "\(scanReply.text)")

        // /iclock requests are told apart by SN=: without one 400, with an unknown one 404.
        #expect(try await RawHTTP.post(running.base + "/iclock/cdata?table=ATTLOG", contentType: "text/plain", body: []).status == 400)
        #expect(try await RawHTTP.post(running.base + "/iclock/cdata?SN=NOBODY&table=ATTLOG", contentType: "text/plain", body: []).status == 404)

        let lines = (0..<2_000).map { "\(1000 + $0)\t2026-11-23 08:15:02\t0\t1" }.joined(separator: "\n")
        let attlog = try await RawHTTP.post(running.base + "/iclock/cdata?SN=CKJX201960001&table=ATTLOG&Stamp=1",
                                            contentType: "text/plain", body: Array(lines.utf8))
        #expect(attlog.status == 200, "\(attlog.text)")
        #expect(await running.stop() == 0)

        let records = try agent.records()
        #expect(!records.contains { $0.kind == "reading.plate" }, "the plate was not recorded")
        let plateFault = try #require(records.first { $0.kind == "device.fault" && $0.body["device"] == "plate-3" })
        #expect(plateFault.body["reason"]?.stringValue?.contains("8000000 bytes") == true, "\(plateFault.body)")

        let reading = try #require(records.first { $0.kind == "reading.scan" })
        #expect(reading.body["scanId"]?.stringValue?.utf8.count == 2048)
        #expect(reading.body["operator"]?.stringValue?.utf8.count ?? 0 <= 2048)
        #expect(reading.body["operator"]?.stringValue?.hasSuffix("é") == true, "cut on a character")
        #expect(reading.body["containers"]?.arrayValue?.count == 64)
        #expect(reading.body["cut"]?["scanId"]?.integerValue == 5_000)
        #expect(reading.body["cut"]?["containers"]?.integerValue == 200)

        #expect(records.filter { $0.kind == "reading.fingerprint" || $0.kind == "reading.face" || $0.kind.hasPrefix("reading.") && $0.body["device"] == "finger-1" }.count == 500)
        let flood = try #require(records.first { $0.kind == "device.fault" && $0.body["device"] == "finger-1" })
        #expect(flood.body["reason"]?.stringValue?.contains("2000 readings") == true, "\(flood.body)")

        for line in try agent.journalLines() {
            #expect(line.count <= RecordLimits.maximumEnvelopeBytes)
        }
    }
}
