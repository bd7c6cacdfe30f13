import LaneModel
import Lanes
import Rules
import Testing

/// The cargo lane, case by case: what a truck, the loops, the devices, the journal and the
/// officer do, and exactly what the lane asks its barrier and lights to do.
@Suite struct CargoLaneTests {
    static let referred: [LaneScenario.Step] = [
        .presence(.entry, true), .wait(2), .read(LaneFixtures.plate()), .read(LaneFixtures.weight()), .wait(58), .tick,
    ]
    static let cleared: [LaneScenario.Step] = [.presence(.entry, true), .wait(2), .reads(LaneFixtures.cleanTruck)]

    static let scenarios: [LaneScenario] = [
        LaneScenario(
            name: "a clean truck is cleared, drives through and the barrier closes behind it",
            kind: .cargo,
            steps: cleared + [.expectPhase(.passing), .wait(4), .presence(.exit, true), .presence(.entry, false), .wait(3), .presence(.exit, false)],
            actions: ["decide CLEAR", "barrier.open", "lights.green", "barrier.close", "lights.red"], phase: .idle,
            reasons: [0: ["plate.expected=pass", "weight.declared=pass", "container.expected=pass", "scan.verdict=pass", "declaration.valid=pass"]],
            subjects: [0: LaneFixtures.firstTruck]),
        LaneScenario(
            name: "the deadline with evidence missing refers the truck and leaves the lights red",
            kind: .cargo,
            steps: [.presence(.entry, true), .expectDeadline("2026-11-23T08:01:00.000Z"), .wait(2), .read(LaneFixtures.plate()),
                    .read(LaneFixtures.weight()), .wait(57.999), .tick, .expectPhase(.collecting), .wait(0.001), .tick],
            actions: ["decide REFER"], phase: .waitingForOfficer,
            reasons: [0: ["plate.read=pass", "weight.stable=pass", "container.check_digit=missing", "scan.verdict=missing", "declaration.valid=missing"]]),
        LaneScenario(
            name: "a referred truck reversing off the loop returns the lane to idle",
            kind: .cargo, steps: referred + [.expectPhase(.waitingForOfficer), .presence(.entry, false)],
            actions: ["decide REFER"], phase: .idle),
        LaneScenario(
            name: "inputs stamped earlier than the last neither move the deadline back nor lose evidence",
            kind: .cargo,
            steps: [.at("2026-11-23T08:00:10.000Z"), .presence(.entry, true), .at("2026-11-23T08:00:05.000Z"), .read(LaneFixtures.plate()),
                    .expectDeadline("2026-11-23T08:01:10.000Z"), .at("2026-11-23T08:00:00.000Z"), .tick, .expectPhase(.collecting),
                    .expectDeadline("2026-11-23T08:01:10.000Z"), .at("2026-11-23T08:01:09.999Z"), .tick, .expectPhase(.collecting),
                    .at("2026-11-23T08:01:02.000Z"), .read(LaneFixtures.weight()), .at("2026-11-23T08:01:10.000Z"), .tick],
            actions: ["decide REFER"], phase: .waitingForOfficer,
            reasons: [0: ["plate.read=pass", "weight.stable=pass", "scan.verdict=missing"]]),
        LaneScenario(
            name: "a deadline passed without a tick fires before the next input is taken",
            kind: .cargo,
            steps: [.presence(.entry, true), .read(LaneFixtures.plate()), .read(LaneFixtures.weight()), .wait(61), .read(LaneFixtures.scan())],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["scan.verdict=missing"]]),
        LaneScenario(
            name: "a second truck arriving early keeps its readings, and the first keeps its own",
            kind: .cargo,
            steps: cleared + [
                .wait(5), .read(LaneFixtures.plate(LaneFixtures.secondTruck)), .read(LaneFixtures.plate()),
                .read(LaneFixtures.container(LaneFixtures.secondContainer)), .presence(.exit, true), .presence(.entry, false),
                .read(LaneFixtures.weight(3_000)), .wait(2), .presence(.entry, true), .read(LaneFixtures.weight(18_100)),
                .presence(.exit, false), .expectPhase(.collecting),
                .read(LaneFixtures.scan(id: "X-2", containers: [LaneFixtures.secondContainer])), .read(LaneFixtures.declaration(LaneFixtures.secondDeclaration)),
            ],
            actions: ["decide CLEAR", "barrier.open", "lights.green", "barrier.close", "lights.red", "decide CLEAR", "barrier.open", "lights.green"],
            phase: .passing,
            reasons: [1: ["plate.expected=pass", "weight.declared=pass", "container.expected=pass"]],
            subjects: [0: LaneFixtures.firstTruck, 1: LaneFixtures.secondTruck]),
        LaneScenario(
            name: "a plate read before the truck reaches the loop seeds its crossing",
            kind: .cargo,
            steps: [.read(LaneFixtures.plate()), .wait(5), .presence(.entry, true),
                    .reads([LaneFixtures.weight(), LaneFixtures.container(), LaneFixtures.scan(), LaneFixtures.declaration()])],
            actions: ["decide CLEAR", "barrier.open", "lights.green"], phase: .passing, subjects: [0: LaneFixtures.firstTruck]),
        LaneScenario(
            name: "a reading held longer than the collect timeout belongs to no crossing",
            kind: .cargo,
            steps: [.read(LaneFixtures.scan()), .wait(61), .presence(.entry, true),
                    .reads([LaneFixtures.plate(), LaneFixtures.weight(), LaneFixtures.container(), LaneFixtures.declaration()]), .wait(60), .tick],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["scan.verdict=missing"]]),
        LaneScenario(
            name: "a scale fault mid-crossing refers the truck at once",
            kind: .cargo,
            steps: [.presence(.entry, true), .read(LaneFixtures.plate()), .read(LaneFixtures.weight()),
                    .input(.fault(device: "scale-1", reason: "serial port gone")), .expectPhase(.waitingForOfficer),
                    .input(.recovered(device: "scale-1")), .presence(.entry, false)],
            actions: ["decide REFER"], phase: .idle, reasons: [0: ["device.health=fail"]]),
        LaneScenario(
            name: "a device fault open when the truck arrives is never CLEAR",
            kind: .cargo, steps: [.input(.fault(device: "anpr-1", reason: "no events for 120 s"))] + cleared,
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["device.health=fail"]]),
        LaneScenario(
            name: "an unsynchronised clock is never CLEAR",
            kind: .cargo, steps: [.input(.clock(synced: false))] + cleared,
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["clock.synced=fail"]]),
        LaneScenario(
            name: "without reference data a truck is never CLEAR",
            kind: .cargo, steps: cleared, actions: ["decide REFER"], phase: .waitingForOfficer,
            reasons: [0: ["reference.fresh=missing", "plate.expected=missing"]], reference: nil),
        LaneScenario(
            name: "an overweight truck is held",
            kind: .cargo, steps: [.presence(.entry, true)] + [.reads([LaneFixtures.plate(), LaneFixtures.weight(33_000)] + LaneFixtures.cleanTruck.suffix(3))],
            actions: ["decide HOLD"], phase: .waitingForOfficer, reasons: [0: ["weight.axle_limit=fail", "weight.declared=fail"]]),
        LaneScenario(
            name: "a failed decision commit never opens the barrier, not even on an officer's CLEAR",
            kind: .cargo,
            steps: [.failNextCommit] + cleared + [.expectPhase(.waitingForOfficer), .override(.clear), .override(.hold), .presence(.entry, false)],
            actions: ["decide CLEAR", "rejected", "override HOLD"], phase: .idle),
        LaneScenario(
            name: "nothing actuates while the decision is being committed",
            kind: .cargo,
            steps: [.holdCommits] + cleared + [.wait(1), .tick, .presence(.exit, true), .presence(.exit, false), .expectPhase(.committing), .releaseCommits],
            actions: ["decide CLEAR", "barrier.open", "lights.green"], phase: .passing),
        LaneScenario(
            name: "an officer's CLEAR opens for a referred truck once the override is committed",
            kind: .cargo,
            steps: referred + [.override(.clear), .presence(.exit, true), .presence(.entry, false), .presence(.exit, false)],
            actions: ["decide REFER", "override CLEAR", "barrier.open", "lights.green", "barrier.close", "lights.red"], phase: .idle),
        LaneScenario(
            name: "an officer's HOLD keeps a referred truck stopped",
            kind: .cargo, steps: referred + [.override(.hold)],
            actions: ["decide REFER", "override HOLD"], phase: .waitingForOfficer),
        LaneScenario(
            name: "HOLD while the truck is under the barrier closes it only once the exit loop clears",
            kind: .cargo,
            steps: cleared + [.presence(.exit, true), .override(.hold), .expectPhase(.waitingForOfficer), .presence(.exit, false),
                              .expectPhase(.waitingForOfficer), .presence(.entry, false)],
            actions: ["decide CLEAR", "barrier.open", "lights.green", "override HOLD", "lights.red", "barrier.close"], phase: .idle),
        LaneScenario(
            name: "HOLD while passing with the exit loop clear closes the barrier at once",
            kind: .cargo, steps: cleared + [.override(.hold)],
            actions: ["decide CLEAR", "barrier.open", "lights.green", "override HOLD", "lights.red", "barrier.close"], phase: .waitingForOfficer),
        LaneScenario(
            name: "overrides are refused when idle, collecting, committing, for another crossing or with REFER",
            kind: .cargo,
            steps: [.overrideOf("C1-20261123-080000", .clear), .presence(.entry, true), .override(.clear), .holdCommits,
                    .reads(LaneFixtures.cleanTruck), .override(.hold), .releaseCommits, .override(.refer),
                    .overrideOf("C1-20260101-000000", .hold)],
            actions: ["rejected", "rejected", "decide CLEAR", "rejected", "barrier.open", "lights.green", "rejected", "rejected"], phase: .passing),
        LaneScenario(
            name: "the barrier stays open while the same truck is still on the weighbridge",
            kind: .cargo,
            steps: cleared + [.presence(.exit, true), .presence(.exit, false), .expectPhase(.passing), .presence(.entry, false),
                              .expectPhase(.passing), .presence(.exit, true), .presence(.exit, false)],
            actions: ["decide CLEAR", "barrier.open", "lights.green", "barrier.close", "lights.red"], phase: .idle),
        LaneScenario(
            name: "the same truck back within the repeat window is referred",
            kind: .cargo,
            steps: cleared + [.presence(.exit, true), .presence(.entry, false), .presence(.exit, false), .wait(120)] + cleared,
            actions: ["decide CLEAR", "barrier.open", "lights.green", "barrier.close", "lights.red", "decide REFER"], phase: .waitingForOfficer,
            reasons: [1: ["crossing.repeat=fail"]]),
    ]

    @Test(arguments: scenarios)
    func scenario(_ scenario: LaneScenario) { scenario.check() }

    @Test func crossingIdsNameTheStartAndNeverRepeat() {
        var driver = LaneDriver(kind: .cargo)
        driver.clock.now = Timestamp(rfc3339: "2026-11-23T08:00:00.100Z")!
        driver.presence(.entry, true)
        #expect(driver.lane.crossing == "C1-20261123-080000")
        for observation in LaneFixtures.cleanTruck { driver.read(observation) }
        driver.presence(.exit, true)
        driver.presence(.entry, false)
        driver.presence(.exit, false)
        driver.clock.now = Timestamp(rfc3339: "2026-11-23T08:00:00.900Z")!
        driver.presence(.entry, true)
        #expect(driver.lane.crossing == "C1-20261123-080000-2")
        // An input stamped in the past still cannot reuse an id.
        driver.presence(.entry, false)
        driver.wait(61)
        driver.send(.tick)
        driver.clock.now = Timestamp(rfc3339: "2026-11-23T07:00:00.000Z")!
        driver.presence(.entry, true)
        #expect(driver.lane.crossing?.hasPrefix("C1-20261123-0801") == true)
    }

    @Test func decisionsCarryTheReadingsPackAndReference() throws {
        var driver = LaneDriver(kind: .cargo)
        driver.presence(.entry, true)
        driver.wait(3)
        for observation in LaneFixtures.cleanTruck { driver.read(observation) }
        let decision = try #require(driver.decisions.first)
        #expect(decision.readings.map(\.seq) == Array(1...LaneFixtures.cleanTruck.count))
        #expect(decision.readings.first?.kind == "reading.plate")
        #expect(decision.rulePack == LaneFixtures.pack.summary)
        #expect(decision.referenceVersion == 7)
        #expect(decision.referenceAgeSeconds == 2 * 3600 + 3)
        #expect(decision.startedAt == LaneFixtures.start)
        #expect(decision.lastEvidenceAt?.millisecondsSinceEpoch == LaneFixtures.start.millisecondsSinceEpoch + 3000)
        #expect(decision.subject["weightKg"]?.numberValue == 24_150)
        #expect(decision.subject["containers"] == [.string(LaneFixtures.firstContainer)])
        #expect(driver.lane.recentDecisions.map(\.crossing) == [decision.crossing])
    }

    @Test func readingsStreamedWhileNobodyIsOnTheScaleAreNotHeld() {
        var driver = LaneDriver(kind: .cargo)
        for _ in 0..<50 { driver.read(LaneFixtures.weight(0)) }
        #expect(driver.lane.status["heldReadings"] == 0)
    }

    @Test func recentDecisionsKeepTheNewestTwenty() {
        var driver = LaneDriver(kind: .cargo)
        for _ in 0..<25 {
            driver.presence(.entry, true)
            driver.wait(61)
            driver.send(.tick)
            driver.presence(.entry, false)
        }
        #expect(driver.lane.recentDecisions.count == 20)
        #expect(driver.decisions.count == 25)
        #expect(driver.lane.recentDecisions.last?.crossing == driver.decisions.last?.crossing)
    }
}
