import Agent
import Biometrics
import CodeReaders
import ContainerScanners
import DeviceKit
import Foundation
import LaneIO
import LaneModel
import PlateReaders

/// Plays the scripted crossings on the simulated devices, as trucks and travellers would, and
/// notes what each one was decided.
struct DemoDriver: Sendable {
    struct Outcome: Sendable {
        var scenario: DemoScenario
        var crossing: String?
        var decision: Decision?
        var failed: [String]
        var overriddenTo: Decision?
        var problem: String?

        /// The decision was the expected one, for the expected reason, and an officer's CLEAR opened the barrier.
        var ok: Bool {
            guard problem == nil, decision == scenario.expected else { return false }
            if let rule = scenario.failingRule, !failed.contains(rule) { return false }
            if scenario.officerClears, overriddenTo != .clear { return false }
            return true
        }
    }

    let checkpoint: DemoCheckpoint
    let ledger: DemoLedger

    private var gateway: String { "http://127.0.0.1:\(checkpoint.gatewayPort)" }

    /// Runs one lane's scenarios in order.
    func run(_ scenarios: [DemoScenario]) async -> [Outcome] {
        var outcomes: [Outcome] = []
        for scenario in scenarios { outcomes.append(await run(scenario)) }
        return outcomes
    }

    func run(_ scenario: DemoScenario) async -> Outcome {
        let lane = scenario.lane.rawValue
        let index = await ledger.count(lane: lane)
        await ledger.note("\(lane): \(scenario.title)")
        do {
            switch scenario.subject {
            case .truck(let truck): try await arrive(truck)
            case .person(let person): try await present(person)
            }
        } catch {
            return Outcome(scenario: scenario, failed: [], problem: "the simulated devices failed: \(error)")
        }
        guard let entry = await ledger.decision(lane: lane, index: index, timeout: .seconds(20)) else {
            return Outcome(scenario: scenario, failed: [], problem: "no decision within 20 s")
        }
        var outcome = Outcome(scenario: scenario, crossing: entry.decision.crossing, decision: entry.decision.decision,
                              failed: entry.decision.reasons.filter { $0.outcome != .pass }.map(\.rule.rawValue))
        var cleared = entry.decision.decision == .clear
        if scenario.officerClears {
            let request = OverrideRequest(lane: lane, crossing: entry.decision.crossing, decision: .clear, officer: DemoSite.officerID,
                                          reason: "plate re-read by hand: 88C-999.99, transit permit checked",
                                          credential: .pin(DemoSite.officerPIN))
            do {
                _ = try await LaneControlClient(stateDirectory: checkpoint.config.agent.stateDirectory).override(request)
                outcome.overriddenTo = .clear
                cleared = true
                await ledger.note("\(lane): officer \(DemoSite.officerID) cleared \(entry.decision.crossing) (PIN checked)")
            } catch {
                outcome.problem = "the override failed: \(error)"
            }
        }
        do {
            switch scenario.subject {
            case .truck(let truck): try await leave(truck, cleared: cleared, crossing: entry.decision.crossing)
            case .person: try await pass(cleared: cleared, crossing: entry.decision.crossing)
            }
        } catch {
            outcome.problem = "the simulated lane failed: \(error)"
        }
        return outcome
    }

    // MARK: cargo lane

    private func arrive(_ truck: DemoScenario.Truck) async throws {
        let chip = try self.chip("C1")
        try chip.drive("C1_LOOP_ENTRY", to: true)
        if !truck.unplugScale { checkpoint.scale?.load(truck.weightKg) }
        let camera = try checkpoint.simulator(of: "anpr-1", as: (any PlateEventSimulator).self)
        try await post(camera.request(plate: truck.plate, confidence: truck.plateConfidence, direction: "approach", time: .now(),
                                      platePicture: nil, scenePicture: nil), to: "/devices/anpr-1/events")
        let containerCamera = try checkpoint.simulator(of: "ocr-1", as: ContainerEventBuilder.Type.self)
        try await post(containerCamera.request(device: "ocr-1", containers: truck.containers.map { .init(code: $0, confidence: 0.97) }))
        let scanner = try checkpoint.simulator(of: "xray-1", as: ScanResultSimulator.Type.self)
        try await post(scanner.request(device: "xray-1", scanId: "NII-\(Int.random(in: 100_000...999_999))", verdict: truck.scan,
                                       containers: truck.containers, operatorName: "Scanner 2"))
        if let text = truck.declarationQR { _ = checkpoint.qr.simulator.send(text) }
        // The scale drops out once the truck's readings are in. Unplugged first, its fault decides
        // the crossing at once, and readings that arrive after a decision are held for the next
        // vehicle on the entry loop: the next truck then carried this one's container.
        if truck.unplugScale {
            try await waitForReadings(truck)
            await checkpoint.unplugScale()
        }
    }

    private func leave(_ truck: DemoScenario.Truck, cleared: Bool, crossing: String) async throws {
        let chip = try self.chip("C1")
        if cleared {
            // Through the barrier: off the scale, over the exit loop, gone.
            try await waitFor(.barrierOpen, lane: "C1", crossing: crossing)
            try chip.drive("C1_LOOP_ENTRY", to: false)
            checkpoint.scale?.load(0)
            try await pause(150)
            try chip.drive("C1_LOOP_EXIT", to: true)
            try await pause(250)
            try chip.drive("C1_LOOP_EXIT", to: false)
            try await waitFor(.barrierClose, lane: "C1", crossing: crossing)
        } else {
            // Directed to the inspection bay: the truck backs off the scale.
            try await pause(200)
            try chip.drive("C1_LOOP_ENTRY", to: false)
            checkpoint.scale?.load(0)
            try await pause(200)
        }
        if truck.unplugScale {
            try checkpoint.plugScaleBackIn()
            await ledger.note("C1: scale-1 plugged back in")
            try await pause(1500)
        }
    }

    // MARK: people lane

    private func present(_ person: DemoScenario.Person) async throws {
        _ = checkpoint.mrz.simulator.send(person.mrz)
        // The printed page first: its MRZ is what opens the chip (BAC).
        try await pause(100)
        try checkpoint.presentPassport(person)
        try await pause(100)
        let verification: HikvisionVerification = person.faceMatches ? .facePassed : .faceFailed
        let terminal = try checkpoint.simulator(of: "face-1", as: HikvisionAccessSimulator.Type.self)
        try await post(terminal.jsonRequest(device: "face-1", verification, employeeNo: person.employeeNo))
    }

    private func pass(cleared: Bool, crossing: String) async throws {
        guard cleared else {
            try await pause(200)
            return
        }
        let chip = try self.chip("P1")
        try await waitFor(.turnstileRelease, lane: "P1", crossing: crossing)
        try chip.drive("P1_PASSAGE", to: true)
        try await pause(200)
        try chip.drive("P1_PASSAGE", to: false)
        try await waitFor(.lightsRed, lane: "P1", crossing: crossing)
    }

    // MARK: plumbing

    private func chip(_ lane: String) throws -> SimulatedChip {
        guard let chip = checkpoint.chips.simulatedChip(lane: lane) else { throw CommandFailure.fault("demo: lane \(lane) has no simulated chip") }
        return chip
    }

    private func post(_ request: DeviceRequest, to path: String? = nil) async throws {
        var request = request
        if let path { request.path = path }
        let answer = try await DeviceRequestSender(target: gateway + "/").send(request)
        guard (200..<300).contains(answer.status) else { throw CommandFailure.fault("the gateway answered \(answer.status) to \(request.path): \(answer.body)") }
    }

    private func waitFor(_ action: Actuation, lane: String, crossing: String) async throws {
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            if await ledger.didActuate(action, lane: lane, crossing: crossing) { return }
            try await pause(20)
        }
        throw CommandFailure.fault("lane \(lane) did not \(action.rawValue) for \(crossing) within 10 s")
    }

    /// Waits until lane C1's crossing holds `truck`'s plate, containers, scan and declaration.
    private func waitForReadings(_ truck: DemoScenario.Truck) async throws {
        let control = LaneControlClient(stateDirectory: checkpoint.config.agent.stateDirectory)
        let wanted = ["plates", "containers", "scans"] + (truck.declarationQR == nil ? [] : ["codes"])
        let deadline = ContinuousClock.now + .seconds(10)
        while ContinuousClock.now < deadline {
            let lanes = try await control.status()["lanes"]?.arrayValue ?? []
            let evidence = lanes.first { $0["lane"]?.stringValue == "C1" }?["current"]?["evidence"]
            if let evidence, wanted.allSatisfy({ (evidence[$0]?.integerValue ?? 0) > 0 }) { return }
            try await pause(20)
        }
        throw CommandFailure.fault("lane C1's crossing did not receive \(truck.plate)'s readings within 10 s")
    }

    private func pause(_ milliseconds: Int) async throws { try await Task.sleep(for: .milliseconds(milliseconds)) }
}
