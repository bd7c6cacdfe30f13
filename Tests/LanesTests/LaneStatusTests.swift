import LaneModel
import Lanes
import Testing

/// What `lane status` shows of a lane.
@Suite struct LaneStatusTests {
    @Test func statusShowsThePhaseCrossingLoopsOutputsAndDecisions() throws {
        var driver = LaneDriver(kind: .cargo)
        driver.presence(.entry, true)
        driver.read(LaneFixtures.plate())
        var status = driver.lane.status
        #expect(status["lane"] == "C1")
        #expect(status["kind"] == "cargo")
        #expect(status["phase"] == "collecting")
        #expect(status["crossing"] == "C1-20261123-080000")
        #expect(status["current"]?["deadline"] == "2026-11-23T08:01:00.000Z")
        #expect(status["current"]?["evidence"]?["plates"] == 1)
        #expect(status["current"]?["missing"] == ["weight", "container", "scan", "declaration"])
        #expect(status["loops"] == ["entry": true, "exit": false])
        #expect(status["outputs"] == ["barrier": "closed", "lights": "red"])
        #expect(status["reference"]?["version"] == 7)

        for observation in LaneFixtures.cleanTruck.dropFirst() { driver.read(observation) }
        driver.send(.fault(device: "ocr-1", reason: "no frames"))
        status = driver.lane.status
        #expect(status["phase"] == "passing")
        #expect(status["current"]?["decision"] == "CLEAR")
        #expect(status["current"]?["committed"] == true)
        #expect(status["outputs"] == ["barrier": "open", "lights": "green"])
        #expect(status["activeFaults"]?.arrayValue?.first?["device"] == "ocr-1")
        let decision = try #require(status["recentDecisions"]?.arrayValue?.last)
        #expect(decision["crossing"] == "C1-20261123-080000")
        #expect(decision["decision"] == "CLEAR")
        #expect(decision["subject"]?["plate"] == .string(LaneFixtures.firstTruck))
        #expect(decision["reasons"]?.arrayValue?.contains { $0["rule"] == "weight.declared" && $0["outcome"] == "pass" } == true)

        driver.override(.hold)
        status = driver.lane.status
        #expect(status["phase"] == "waiting-for-officer")
        #expect(status["current"]?["decision"] == "HOLD")
        #expect(status["recentDecisions"]?.arrayValue?.last?["override"]?["officer"] == "officer-7")
        #expect(status["recentDecisions"]?.arrayValue?.last?["decision"] == "CLEAR")
    }

    @Test func aRefusedOverrideNamesTheLanesCrossingAndPhase() {
        var lane = Lane(id: "C1", kind: .cargo, pack: LaneFixtures.pack, reference: LaneFixtures.reference)
        _ = lane.handle(.presence(.entry, occupied: true), at: LaneFixtures.start)
        #expect(throws: OverrideRejection.self) {
            try lane.override(crossing: "C1-20261123-075500", decision: .clear, officer: "officer-7", reason: "known driver", at: LaneFixtures.start)
        }
        do {
            _ = try lane.override(crossing: "C1-20261123-075500", decision: .clear, officer: "officer-7", reason: "known driver", at: LaneFixtures.start)
        } catch {
            #expect(error.description.contains("C1-20261123-080000"))
            #expect(error.description.contains("collecting"))
            #expect(error.code == "LA-LANE-001")
        }
    }
}
