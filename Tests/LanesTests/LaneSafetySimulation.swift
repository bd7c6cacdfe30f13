import LaneAgentTesting
import LaneModel
import Lanes
import Rules

/// One random run of a lane: random loops, readings, faults, clock and reference changes,
/// ticks, times that jump or go backwards, officers' overrides (valid or not), and a journal
/// that commits late and sometimes fails. Every action the lane returns is checked against the
/// safety rules; `run` returns the first violation, with the recent inputs, or nil.
struct LaneSafetySimulation {
    private var lane: Lane
    private var random: SeededRandom
    private let kind: LaneKind
    private var now = LaneFixtures.start
    /// Loops occupied according to the inputs fed so far.
    private var occupied: Set<PresenceLoop> = []
    private var faults: Set<String> = []
    private var clockSynced = true
    private var hasReference = true
    /// Feedback the journal has not given yet, in order.
    private var journal: [LaneInput] = []
    private var decided: Set<String> = []
    /// Crossings whose decision or override was reported committed, with the decision in force.
    private var inForce: [String: Decision] = [:]
    private var commitFailed: Set<String> = []
    private var pendingOverrides: [String: Decision] = [:]
    private var trace: [String] = []
    /// How often each actuation and decision was seen, so the test can show the runs reach them.
    private(set) var counts: [String: Int] = [:]

    init(kind: LaneKind, seed: UInt64) {
        self.kind = kind
        random = SeededRandom(seed: seed)
        lane = Lane(id: kind == .cargo ? "C1" : "P1", kind: kind, pack: LaneFixtures.pack, reference: LaneFixtures.reference)
    }

    mutating func run(steps: Int) -> String? {
        for _ in 0..<steps {
            moveClock()
            if let violation = step() { return violation }
        }
        // The journal catches up and time runs out every deadline.
        while !journal.isEmpty {
            if let violation = deliverFeedback() { return violation }
        }
        now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + 600_000)
        return feed(.tick)
    }

    private mutating func moveClock() {
        let roll = Int.random(in: 0..<100, using: &random)
        let milliseconds: Int64 = switch roll {
        case 0..<10: -Int64.random(in: 1...10_000, using: &random)  // out of order
        case 10..<15: Int64.random(in: 60_000...90_000, using: &random)  // past a deadline
        default: Int64.random(in: 0...8_000, using: &random)
        }
        now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + milliseconds)
    }

    private mutating func step() -> String? {
        let roll = Int.random(in: 0..<100, using: &random)
        switch roll {
        case 0..<20 where !journal.isEmpty:
            return deliverFeedback()
        case 0..<30:
            let loops: [PresenceLoop] = kind == .cargo ? [.entry, .exit, .exit] : [.passage, .passage, .entry]
            let loop = loops.randomElement(using: &random)!
            // Mostly a change; sometimes a repeat of the state it is in.
            let state = Int.random(in: 0..<10, using: &random) == 0 ? occupied.contains(loop) : !occupied.contains(loop)
            return feed(.presence(loop, occupied: state))
        case 30..<37:
            // A coherent vehicle or person, reading after reading, so CLEAR paths are reached too.
            let burst = kind == .cargo ? (Bool.random(using: &random) ? LaneFixtures.cleanTruck : LaneFixtures.cleanSecondTruck)
                : [LaneFixtures.document(), LaneFixtures.face()]
            for observation in burst {
                if let violation = feed(.reading(observation, device: "device-1", reference: nil)) { return violation }
                now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + Int64.random(in: 0...500, using: &random))
            }
            return nil
        case 37..<65:
            return feed(.reading(randomObservation(), device: "device-\(Int.random(in: 1...3, using: &random))",
                                 reference: ReadingReference(seq: Int.random(in: 1...1_000_000, using: &random), sha256: String(repeating: "1", count: 64), kind: "reading.x")))
        case 65..<70:
            return feed(.fault(device: "device-\(Int.random(in: 1...3, using: &random))", reason: "simulated"))
        case 70..<76:
            return feed(.recovered(device: "device-\(Int.random(in: 1...3, using: &random))"))
        case 76..<78:
            return feed(.clock(synced: Bool.random(using: &random)))
        case 78..<80:
            return feed(.reference(Bool.random(using: &random) ? LaneFixtures.reference : nil))
        case 80..<88:
            return feed(.tick)
        default:
            return override()
        }
    }

    private func isOpening(_ actuation: Actuation) -> Bool {
        actuation == .barrierOpen || actuation == .turnstileRelease || actuation == .lightsGreen
    }

    private mutating func feed(_ input: LaneInput) -> String? {
        switch input {
        case .presence(let loop, let state): if state { occupied.insert(loop) } else { occupied.remove(loop) }
        case .fault(let device, _): faults.insert(device)
        case .recovered(let device): faults.remove(device)
        case .clock(let synced): clockSynced = synced
        case .reference(let reference): hasReference = reference != nil
        case .decisionCommitted, .commitFailed, .overrideCommitted, .reading, .tick: break
        }
        note("\(now.rfc3339) \(describe(input)) [\(lane.phase.rawValue)]")
        return check(lane.handle(input, at: now))
    }

    private mutating func deliverFeedback() -> String? {
        let input = journal.removeFirst()
        switch input {
        case .decisionCommitted(let crossing): inForce[crossing] = inForce[crossing] ?? decisionsMade[crossing]
        case .commitFailed(let crossing, _): commitFailed.insert(crossing)
        case .overrideCommitted(let crossing): inForce[crossing] = pendingOverrides.removeValue(forKey: crossing)
        default: break
        }
        return feed(input)
    }

    private var decisionsMade: [String: Decision] = [:]

    private mutating func override() -> String? {
        let decision = Decision.allCases.randomElement(using: &random)!
        let crossing = Int.random(in: 0..<8, using: &random) == 0 ? "C1-20260101-000000" : (lane.crossing ?? "none")
        let phase = lane.phase
        note("\(now.rfc3339) override \(decision.rawValue) \(crossing) [\(phase.rawValue)]")
        guard let actions = try? lane.override(crossing: crossing, decision: decision, officer: "officer-1", reason: "random", at: now) else { return nil }
        if decision == .refer { return "an override with REFER was accepted" }
        if phase != .waitingForOfficer && phase != .passing { return "an override was accepted while \(phase.rawValue)" }
        if decision == .clear, commitFailed.contains(crossing) { return "a CLEAR override was accepted for a crossing whose decision never committed" }
        guard actions.count == 1, case .commitOverride(let record) = actions[0] else { return "an override returned \(actions) instead of one commit" }
        counts["override \(record.decision.rawValue)", default: 0] += 1
        pendingOverrides[record.crossing] = record.decision
        journal.append(.overrideCommitted(crossing: record.crossing))
        return nil
    }

    /// The safety rules, for every action the lane returns.
    private mutating func check(_ actions: [LaneAction]) -> String? {
        for action in actions {
            note("  → \(describe(action))")
            switch action {
            case .commitDecision(let decision): counts[decision.decision.rawValue, default: 0] += 1
            case .commitOverride(let record): counts["override \(record.decision.rawValue)", default: 0] += 1
            case .actuate(let actuation, _): counts[actuation.rawValue, default: 0] += 1
            }
            switch action {
            case .commitDecision(let decision):
                guard decided.insert(decision.crossing).inserted else { return "crossing \(decision.crossing) was decided twice" }
                decisionsMade[decision.crossing] = decision.decision
                if decision.decision == .clear {
                    if let bad = decision.reasons.first(where: { $0.outcome != .pass }) {
                        return "CLEAR with \(bad.rule.rawValue) \(bad.outcome.rawValue): \(bad.detail)"
                    }
                    if decision.reasons.isEmpty { return "CLEAR without any rule evaluated" }
                    if !faults.isEmpty { return "CLEAR while devices \(faults.sorted()) were faulty" }
                    if !clockSynced { return "CLEAR with the clock unsynchronised" }
                    if !hasReference { return "CLEAR without reference data" }
                }
                let fails = Int.random(in: 0..<8, using: &random) == 0
                journal.append(fails ? .commitFailed(crossing: decision.crossing, reason: "disk full") : .decisionCommitted(crossing: decision.crossing))
            case .commitOverride:
                return "a commitOverride came from an input, not from an officer"
            case .actuate(let actuation, let crossing):
                guard let crossing else { return "\(actuation.rawValue) without a crossing" }
                guard inForce[crossing] != nil || commitFailed.contains(crossing) else {
                    return "\(actuation.rawValue) for \(crossing) before its decision or override was committed"
                }
                if isOpening(actuation), inForce[crossing] != .clear {
                    return "\(actuation.rawValue) for \(crossing) whose committed decision is \(inForce[crossing]?.rawValue ?? "not committed")"
                }
                if actuation == .barrierClose, occupied.contains(.exit) { return "barrier.close while the exit loop is occupied" }
                if kind == .people, actuation == .barrierOpen || actuation == .barrierClose { return "a people lane moved a barrier" }
                if kind == .cargo, actuation == .turnstileRelease { return "a cargo lane released a turnstile" }
            }
        }
        if Int.random(in: 0..<50, using: &random) == 0, lane.status["phase"]?.stringValue != lane.phase.rawValue {
            return "status shows another phase"
        }
        return nil
    }

    private mutating func randomObservation() -> LaneObservation {
        let pick = Int.random(in: 0..<100, using: &random)
        if kind == .people {
            switch pick {
            case 0..<30: return LaneFixtures.document(["C1234567", "C7654321", "C9999999"].randomElement(using: &random)!,
                                                      expiry: Bool.random(using: &random) ? "2031-05-01" : "2025-01-01")
            case 30..<70: return LaneFixtures.face(score: Double.random(in: 0.5...1, using: &random), passed: Int.random(in: 0..<5, using: &random) > 0,
                                                   live: [true, true, false, nil].randomElement(using: &random)!,
                                                   subject: "P-\(Int.random(in: 1...3, using: &random))")
            case 70..<80: return .fingerprint(BiometricMatch(passed: Bool.random(using: &random), score: nil, subject: "P-1", vendorEvent: "38"))
            case 80..<90: return .code(CodeRead(text: "BP-\(Int.random(in: 1...9, using: &random))", transport: "hid"))
            default: return LaneFixtures.plate()
            }
        }
        let truck = Bool.random(using: &random)
        switch pick {
        case 0..<20: return LaneFixtures.plate(truck ? LaneFixtures.firstTruck : LaneFixtures.secondTruck, confidence: Double.random(in: 0.6...1, using: &random))
        case 20..<45: return LaneFixtures.weight(Double.random(in: 0...34_000, using: &random), stable: Int.random(in: 0..<3, using: &random) > 0)
        case 45..<60: return LaneFixtures.container(truck ? LaneFixtures.firstContainer : LaneFixtures.secondContainer, valid: Int.random(in: 0..<6, using: &random) > 0)
        case 60..<75: return LaneFixtures.scan(Int.random(in: 0..<5, using: &random) > 0 ? .clear : .suspect, id: "X-\(Int.random(in: 1...5, using: &random))")
        case 75..<95: return LaneFixtures.declaration(truck ? LaneFixtures.firstDeclaration : LaneFixtures.secondDeclaration)
        default: return LaneFixtures.document()
        }
    }

    private mutating func note(_ line: String) {
        trace.append(line)
        if trace.count > 40 { trace.removeFirst() }
    }

    /// The last inputs and actions, for a failure message.
    var recentTrace: String { trace.joined(separator: "\n") }

    private func describe(_ input: LaneInput) -> String {
        switch input {
        case .presence(let loop, let state): "presence \(loop.rawValue) \(state ? "occupied" : "clear")"
        case .reading(let observation, _, _): "reading \(LaneFixtures.recordKind(of: observation))"
        case .fault(let device, _): "fault \(device)"
        case .recovered(let device): "recovered \(device)"
        case .clock(let synced): "clock synced=\(synced)"
        case .reference(let reference): "reference \(reference == nil ? "none" : "v\(reference!.version)")"
        case .decisionCommitted(let crossing): "decisionCommitted \(crossing)"
        case .commitFailed(let crossing, _): "commitFailed \(crossing)"
        case .overrideCommitted(let crossing): "overrideCommitted \(crossing)"
        case .tick: "tick"
        }
    }

    private func describe(_ action: LaneAction) -> String {
        switch action {
        case .commitDecision(let decision): "commitDecision \(decision.crossing) \(decision.decision.rawValue)"
        case .commitOverride(let record): "commitOverride \(record.crossing) \(record.decision.rawValue)"
        case .actuate(let actuation, let crossing): "actuate \(actuation.rawValue) \(crossing ?? "-")"
        }
    }
}
