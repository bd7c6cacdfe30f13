import ClearanceReceiver
import LaneModel
import Testing

/// The fleet summary as the operations centre reads it, folded from records as a board sends them.
struct FleetLedgerTests {
    static let device = "HN1119-C03"
    static let start = Timestamp(rfc3339: "2026-12-06T08:00:00.000Z")!

    /// Record `seq` of the test board, `seconds` after `start`.
    static func record(_ seq: Int, _ kind: String, lane: String? = nil, seconds: Int64 = 0, clock: ClockSync = .synced, _ body: JSONValue) -> IncomingRecord {
        let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + seconds * 1000)
        let record = Record(id: "r\(seq)", device: device, site: "huu-nghi-1119", lane: lane, seq: seq, prev: Record.genesisPrev, time: time, clock: clock,
                            kind: kind, body: body)
        return IncomingRecord(seq: seq, prev: record.prev, payloadHash: [], envelope: [], record: record)
    }

    static func fold(_ records: [IncomingRecord], onto previous: DeviceSummary? = nil, backlog: Int? = nil) -> DeviceSummary {
        FleetLedger.fold(previous, device: device, records: records, acceptedThrough: records.last?.seq ?? 0,
                         upload: UploadFacts(instance: "central-a", backlog: backlog), now: start)
    }

    static func decision(_ seq: Int, lane: String = "C1", _ decision: String, crossing: String, plate: String? = nil) -> IncomingRecord {
        record(seq, "crossing.decision", lane: lane, seconds: Int64(seq),
               ["crossing": .string(crossing), "lane": .string(lane), "decision": .string(decision),
                "subject": ["plate": plate.map(JSONValue.string) ?? .null, "weightKg": .null, "containers": []]])
    }

    struct FaultCase: CustomTestStringConvertible, Sendable {
        let name: String
        let records: [IncomingRecord]
        /// kind/code/subject of every fault left open, in order.
        let open: [String]
        var testDescription: String { name }
    }

    static let outage: JSONValue = ["device": "scale-1", "kind": "weighbridge", "driver": "toledo", "port": "/dev/ttyUSB0", "reconnects": 2,
                                    "frameErrors": 0, "code": "LA-SERIAL-005", "error": "the port went away"]
    static let connected: JSONValue = ["device": "scale-1", "kind": "weighbridge", "driver": "toledo", "port": "/dev/ttyUSB0", "reconnects": 3,
                                       "frameErrors": 0]
    static let uplinkFault: JSONValue = ["code": "uplink.rejected", "status": 422, "error": "bad-signature", "seq": 7, "message": "refused",
                                         "at": "2026-12-06T08:00:00.000Z"]
    static let journalFault: JSONValue = ["code": "LA-JOURNAL-LOWDISK", "message": "only 12 MB free", "freeBytes": 12_000_000, "minFreeBytes": 50_000_000]
    static let evidence: JSONValue = ["code": "LA-EVIDENCE-005", "files": 9, "bytes": 900, "unsent": 9, "capBytes": 104_857_600]
    static let reference: JSONValue = ["code": "reference.rejected", "reason": "bad-signature", "message": "signature does not verify", "source": "https://c/"]

    static let referenceUpdated: JSONValue = ["version": 4, "issuedAt": "2026-12-06T07:00:00.000Z", "source": "https://c/", "sha256": "00"]

    static let faultCases: [FaultCase] = [
        FaultCase(name: "a device outage stays open until that device connects again",
                  records: [record(1, "device.fault", seconds: 1, outage), record(2, "device.fault", seconds: 2, outage)],
                  open: ["device.fault/LA-SERIAL-005/scale-1"]),
        FaultCase(name: "device.connected closes that device's outage",
                  records: [record(1, "device.fault", outage), record(2, "device.connected", connected)], open: []),
        FaultCase(name: "unreadable input is an event, not an open fault",
                  records: [record(1, "device.fault", ["device": "ocr-1", "kind": "plate", "driver": "x", "reason": "bad-frame", "suppressed": 0])], open: []),
        FaultCase(name: "uplink, journal, evidence and reference faults open in the order raised",
                  records: [record(1, "uplink.fault", uplinkFault), record(2, "journal.fault", journalFault), record(3, "evidence.fault", evidence),
                            record(4, "reference.fault", reference)],
                  open: ["uplink.fault/uplink.rejected/-", "journal.fault/LA-JOURNAL-LOWDISK/-", "evidence.fault/LA-EVIDENCE-005/-",
                         "reference.fault/reference.rejected/-"]),
        FaultCase(name: "each .cleared closes its own fault by code; reference.updated closes a refused copy",
                  records: [record(1, "uplink.fault", uplinkFault), record(2, "journal.fault", journalFault), record(3, "evidence.fault", evidence),
                            record(4, "reference.fault", reference), record(5, "uplink.fault.cleared", ["code": "uplink.rejected", "seq": 7]),
                            record(6, "journal.fault.cleared", ["code": "LA-JOURNAL-LOWDISK", "freeBytes": 90_000_000]),
                            record(7, "evidence.fault.cleared", evidence),
                            record(8, "reference.updated", referenceUpdated)],
                  open: []),
        FaultCase(name: "a .cleared of another code leaves the fault open",
                  records: [record(1, "uplink.fault", uplinkFault), record(2, "uplink.fault.cleared", ["code": "uplink.fork", "seq": 7])],
                  open: ["uplink.fault/uplink.rejected/-"]),
    ]

    @Test("open faults", arguments: faultCases)
    func faults(_ example: FaultCase) {
        let summary = Self.fold(example.records)
        #expect(summary.openFaults.map { "\($0.kind)/\($0.code)/\($0.subject ?? "-")" } == example.open)
    }

    @Test("a fault raised again keeps its first time, counts the repeat and shows the newest message")
    func repeatedFault() throws {
        var again = Self.outage.objectValue!
        again["error"] = "still gone"
        let summary = Self.fold([Self.record(1, "device.fault", seconds: 1, Self.outage), Self.record(2, "device.fault", seconds: 9, .object(again))])
        let fault = try #require(summary.openFaults.first)
        #expect(fault.since == Self.record(1, "x", seconds: 1, .null).record!.time)
        #expect(fault.lastAt == Self.record(1, "x", seconds: 9, .null).record!.time)
        #expect(fault.repeats == 1)
        #expect(fault.message == "still gone")
    }

    @Test("per lane: counts by outcome, the five newest decisions newest first, overrides marked on their decision, refusals counted")
    func lanes() throws {
        var records = (1...7).map { Self.decision($0, ["CLEAR", "HOLD", "REFER"][$0 % 3], crossing: "C1-\($0)", plate: "29C\($0)") }
        records.append(Self.decision(8, lane: "P1", "REFER", crossing: "P1-8"))
        let override: JSONValue = ["crossing": "C1-7", "lane": "C1", "decision": "CLEAR", "previous": "REFER", "officer": "o1", "reason": "seen",
                                   "at": "2026-12-06T08:00:09.000Z"]
        let refused: JSONValue = ["lane": "C1", "crossing": "C1-6", "decision": "CLEAR", "officer": "o2", "reason": "wrong-pin", "method": "pin",
                                  "at": "2026-12-06T08:00:10.000Z"]
        records.append(Self.record(9, "crossing.override", lane: "C1", override))
        records.append(Self.record(10, "override.refused", lane: "C1", refused))
        let summary = Self.fold(records)
        #expect(summary.lanes.map(\.lane) == ["C1", "P1"])
        let c1 = summary.lanes[0]
        #expect(c1.decisions == [.refer: 2, .clear: 2, .hold: 3])
        #expect(c1.recent.map(\.crossing) == ["C1-7", "C1-6", "C1-5", "C1-4", "C1-3"])
        #expect(c1.recent.map(\.plate) == ["29C7", "29C6", "29C5", "29C4", "29C3"])
        #expect(c1.recent[0].overriddenTo == .clear)
        #expect(c1.overrides == 1 && c1.refusedOverrides == 1)
        #expect(summary.lanes[1].decisions == [.refer: 1] && summary.lanes[1].recent.first?.plate == nil)
    }

    @Test("the summary outlives a round trip through its stored JSON, and a summary stored before faults and lanes reads as having none")
    func storedJSON() throws {
        let summary = Self.fold([Self.decision(1, "HOLD", crossing: "C1-1", plate: "29C1"), Self.record(2, "journal.fault", Self.journalFault)], backlog: 12)
        #expect(DeviceSummary(json: summary.jsonValue) == summary)
        let old: JSONValue = ["device": .string(Self.device), "lastUploadAt": "2026-12-06T08:00:00.000Z", "instance": "central-a", "acceptedThrough": 4,
                              "backlog": 3, "clock": "synced"]
        let read = try #require(DeviceSummary(json: old))
        #expect(read.openFaults.isEmpty && read.lanes.isEmpty && read.backlog == 3)
        // Folding onto it picks up where it left off.
        #expect(Self.fold([Self.decision(5, "CLEAR", crossing: "C1-5")], onto: read).lanes.first?.decisions == [.clear: 1])
    }

    @Test("a hostile board cannot grow its summary: faults, lanes and strings stay bounded")
    func bounded() throws {
        let long = String(repeating: "Ω", count: 100_000)
        var records: [IncomingRecord] = []
        for index in 0..<200 {
            records.append(Self.record(records.count + 1, "uplink.fault", ["code": .string("code-\(index)-" + long), "message": .string(long)]))
            records.append(Self.decision(records.count + 1, lane: "L\(index)-" + long, "HOLD", crossing: long, plate: long))
        }
        let summary = Self.fold(records)
        #expect(summary.openFaults.count == FleetLedger.maximumFaults)
        #expect(summary.untrackedFaults == 200 - FleetLedger.maximumFaults)
        #expect(summary.lanes.count == FleetLedger.maximumLanes)
        #expect(summary.lanes.allSatisfy { $0.recent.count <= FleetLedger.recentDecisions })
        #expect(summary.openFaults.allSatisfy { $0.message.utf8.count <= FleetLedger.maximumMessage && $0.code.utf8.count <= FleetLedger.maximumName })
        #expect(summary.lanes.allSatisfy { $0.lane.utf8.count <= FleetLedger.maximumName && $0.recent.allSatisfy { ($0.plate?.utf8.count ?? 0) <= FleetLedger.maximumName } })
        let stored = CanonicalJSON.encode(summary.jsonValue)
        #expect(stored.count < 64 * 1024, "a summary is rewritten on every batch: \(stored.count) bytes")
    }

    @Test("bodies of the wrong shape are skipped, never trapped on")
    func wrongShapes() {
        let summary = Self.fold([
            Self.record(1, "crossing.decision", lane: "C1", ["decision": "MAYBE"]),
            Self.record(2, "crossing.decision", ["decision": "CLEAR"]),
            Self.record(3, "device.fault", .array([])),
            Self.record(4, "uplink.fault", ["code": 12, "message": ["nested": true]]),
            Self.record(5, "crossing.override", lane: "C1", .null),
        ])
        #expect(summary.lanes.map(\.lane) == ["C1"])
        #expect(summary.lanes.first?.decisions == [:] && summary.lanes.first?.overrides == 1)
        #expect(summary.openFaults.map(\.code) == [""])
    }
}
