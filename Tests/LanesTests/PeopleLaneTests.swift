import LaneModel
import Lanes
import Rules
import Testing

/// The people lane, case by case: documents, faces, the passage sensor and the turnstile.
@Suite struct PeopleLaneTests {
    static let cleared: [LaneScenario.Step] = [.read(LaneFixtures.document()), .wait(2), .read(LaneFixtures.face())]
    static let referred: [LaneScenario.Step] = [.read(LaneFixtures.document(expiry: "2025-01-01")), .wait(2), .read(LaneFixtures.face())]
    static let nextPerson: [LaneScenario.Step] = [.read(LaneFixtures.document("C7654321")), .wait(1), .read(LaneFixtures.face(subject: "P-2"))]

    static let scenarios: [LaneScenario] = [
        LaneScenario(
            name: "a cleared person is let through the turnstile and the lights go red behind them",
            kind: .people, steps: cleared + [.expectPhase(.passing), .wait(3), .presence(.passage, true), .presence(.passage, false)],
            actions: ["decide CLEAR", "turnstile.release", "lights.green", "lights.red"], phase: .idle,
            reasons: [0: ["document.mrz=pass", "document.expiry=pass", "face.match=pass", "face.liveness=pass"]],
            subjects: [0: "C1234567"]),
        LaneScenario(
            name: "a lane that requires the chip waits for it, then clears a genuine passport",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.face()), .expectPhase(.collecting), .wait(2),
                                   .read(LaneFixtures.chip())],
            actions: ["decide CLEAR", "turnstile.release", "lights.green"], phase: .passing,
            reasons: [0: ["document.chip_read=pass", "document.chip_authentic=pass", "document.chip_mrz_match=pass", "document.chip_genuine=pass"]],
            pack: LaneFixtures.chipPack),
        LaneScenario(
            name: "a chip whose data groups fail passive authentication is HOLD",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.chip(passive: .failed)), .read(LaneFixtures.face())],
            actions: ["decide HOLD"], phase: .waitingForOfficer, reasons: [0: ["document.chip_authentic=fail"]], pack: LaneFixtures.chipPack),
        LaneScenario(
            name: "a chip from another passport than the printed page is HOLD",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.chip("C7654321")), .read(LaneFixtures.face())],
            actions: ["decide HOLD"], phase: .waitingForOfficer, reasons: [0: ["document.chip_mrz_match=fail"]], pack: LaneFixtures.chipPack),
        LaneScenario(
            name: "a chip that cannot be opened refers the person",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.chip(read: false)), .read(LaneFixtures.face())],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["document.chip_read=fail"]], pack: LaneFixtures.chipPack),
        LaneScenario(
            name: "no chip read by the deadline refers the person",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.face()), .wait(60), .tick],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["document.chip_read=missing"]], pack: LaneFixtures.chipPack),
        LaneScenario(
            name: "a face first and the document after it make one crossing",
            kind: .people, steps: [.read(LaneFixtures.face()), .wait(4), .read(LaneFixtures.document())],
            actions: ["decide CLEAR", "turnstile.release", "lights.green"], phase: .passing),
        LaneScenario(
            name: "nobody passing within the collect timeout turns the lights red",
            kind: .people, steps: cleared + [.wait(59.999), .tick, .expectPhase(.passing), .wait(0.001), .tick],
            actions: ["decide CLEAR", "turnstile.release", "lights.green", "lights.red"], phase: .idle),
        LaneScenario(
            name: "a referred person waits; the next person's document starts a new crossing",
            kind: .people, steps: referred + [.expectPhase(.waitingForOfficer), .wait(20)] + nextPerson,
            actions: ["decide REFER", "decide CLEAR", "turnstile.release", "lights.green"], phase: .passing,
            reasons: [0: ["document.expiry=fail"]], subjects: [0: "C1234567", 1: "C7654321"]),
        LaneScenario(
            name: "the referred person presenting the same document again is no new crossing",
            kind: .people, steps: referred + [.wait(5), .read(LaneFixtures.document(expiry: "2025-01-01"))],
            actions: ["decide REFER"], phase: .waitingForOfficer),
        LaneScenario(
            name: "the deadline without a face refers the person",
            kind: .people, steps: [.read(LaneFixtures.document()), .wait(60), .tick],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["face.match=missing"]]),
        LaneScenario(
            name: "a liveness failure is never CLEAR",
            kind: .people, steps: [.read(LaneFixtures.document()), .read(LaneFixtures.face(live: false))],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["face.liveness=fail"]]),
        LaneScenario(
            name: "an officer's CLEAR releases the turnstile for a referred person",
            kind: .people, steps: referred + [.override(.clear), .presence(.passage, true), .presence(.passage, false)],
            actions: ["decide REFER", "override CLEAR", "turnstile.release", "lights.green", "lights.red"], phase: .idle),
        LaneScenario(
            name: "the next person's document read while the first passes starts their crossing once the first is through",
            kind: .people,
            steps: cleared + [.wait(1), .read(LaneFixtures.document("C7654321")), .expectPhase(.passing), .presence(.passage, true),
                              .presence(.passage, false), .expectPhase(.collecting), .read(LaneFixtures.face(subject: "P-2"))],
            actions: ["decide CLEAR", "turnstile.release", "lights.green", "lights.red", "decide CLEAR", "turnstile.release", "lights.green"],
            phase: .passing, subjects: [1: "C7654321"]),
        LaneScenario(
            name: "a terminal fault mid-crossing refers the person at once",
            kind: .people, steps: [.read(LaneFixtures.document()), .input(.fault(device: "terminal-1", reason: "unreachable"))],
            actions: ["decide REFER"], phase: .waitingForOfficer, reasons: [0: ["device.health=fail"]]),
        LaneScenario(
            name: "a failed decision commit keeps the turnstile locked",
            kind: .people, steps: [.failNextCommit] + cleared + [.override(.clear)],
            actions: ["decide CLEAR", "rejected"], phase: .waitingForOfficer),
        LaneScenario(
            name: "a referred person stepping off the entry loop returns the lane to idle",
            kind: .people, steps: [.presence(.entry, true)] + referred + [.presence(.entry, false)],
            actions: ["decide REFER"], phase: .idle),
        LaneScenario(
            name: "an officer's HOLD while the person is passing turns the lights red",
            kind: .people, steps: cleared + [.override(.hold)],
            actions: ["decide CLEAR", "turnstile.release", "lights.green", "override HOLD", "lights.red"], phase: .waitingForOfficer),
        LaneScenario(
            name: "a document on the watchlist is held",
            kind: .people, steps: [.read(LaneFixtures.document("C9999999")), .read(LaneFixtures.face())],
            actions: ["decide HOLD"], phase: .waitingForOfficer, reasons: [0: ["watchlist=fail"]]),
    ]

    @Test(arguments: scenarios)
    func scenario(_ scenario: LaneScenario) { scenario.check() }
}
