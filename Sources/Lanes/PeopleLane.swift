import LaneModel
import Rules

/// A people lane: a document, border pass, face or fingerprint read → collect → decide →
/// commit → turnstile released and green → the passage sensor sees the person through → red → idle.
struct PeopleLane: LaneMachine {
    private var cycle = CrossingCycle()
    /// While passing: by when the person must have gone through.
    private var passingDeadline: Timestamp?
    private var passageOccupiedWhilePassing = false
    /// The lane's entry loop (where one exists) was occupied during this crossing.
    private var entryOccupiedDuringCrossing = false

    var phase: LanePhase { cycle.phase }
    var assembly: CrossingAssembly? { cycle.assembly }
    var outcome: CrossingOutcome? { cycle.outcome }

    var nextDeadline: Timestamp? {
        switch phase {
        case .collecting: assembly?.deadline
        case .passing: passingDeadline
        case .idle, .committing, .waitingForOfficer: nil
        }
    }

    mutating func fireDeadlines(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard let deadline = nextDeadline, deadline <= now, let crossing = assembly?.id else { return [] }
        // Collecting: decide with what is there. Passing: nobody went through; close up.
        return phase == .collecting ? cycle.decideAtDeadline(at: now, context: &context) : finish(crossing, at: now, context: &context)
    }

    mutating func handle(_ input: LaneInput, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        switch input {
        case .presence(let loop, let occupied):
            return presence(loop, occupied: occupied, at: now, context: &context)
        case .reading(let observation, let device, let reference):
            return reading(observation, device: device, reference: reference, at: now, context: &context)
        case .fault(let device, _):
            return cycle.fault(device, at: now, context: &context)
        case .decisionCommitted(let crossing):
            switch cycle.decisionCommitted(crossing) {
            case .clear?: return release(crossing, at: now, context: &context)
            case .notClear?: return refer(crossing, at: now, context: &context)
            case nil: return []
            }
        case .commitFailed(let crossing, let reason):
            guard cycle.commitFailed(crossing, reason: reason) else { return [] }
            return refer(crossing, at: now, context: &context)
        case .overrideCommitted(let crossing):
            guard let record = cycle.overrideCommitted(crossing, context: &context) else { return [] }
            if record.decision == .clear {
                return phase == .waitingForOfficer ? release(crossing, at: now, context: &context) : []
            }
            return refer(crossing, at: now, context: &context)
        case .recovered, .clock, .reference, .tick:
            return []
        }
    }

    /// Documents and border passes are the next person's; faces and fingerprints start a
    /// crossing only on an idle lane (otherwise they are likelier the current person's again).
    private static func startsCrossing(_ observation: LaneObservation) -> Bool {
        switch observation {
        case .document, .code, .face, .fingerprint, .chip: true
        case .plate, .weight, .container, .scan: false
        }
    }

    private static func isNextPerson(_ observation: LaneObservation) -> Bool {
        switch observation {
        case .document, .code: true
        default: false
        }
    }

    private mutating func reading(_ observation: LaneObservation, device: String, reference: ReadingReference?, at now: Timestamp,
                                  context: inout LaneContext) -> [LaneAction] {
        switch phase {
        case .collecting:
            return cycle.collect(observation, reference: reference, at: now, context: &context)
        case .idle:
            guard Self.startsCrossing(observation) else { return [] }
            context.hold(observation, device: device, reference: reference, at: now)
            return start(at: now, context: &context)
        case .waitingForOfficer where Self.isNextPerson(observation):
            // The officer took the referred person aside; this is the next one.
            guard assembly?.alreadyHas(observation) != true, let crossing = assembly?.id else { return [] }
            context.hold(observation, device: device, reference: reference, at: now)
            return finish(crossing, at: now, context: &context)
        case .committing, .passing, .waitingForOfficer:
            guard Self.startsCrossing(observation), (assembly ?? cycle.finished)?.alreadyHas(observation) != true else { return [] }
            context.hold(observation, device: device, reference: reference, at: now)
            return []
        }
    }

    private mutating func presence(_ loop: PresenceLoop, occupied: Bool, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard let crossing = assembly?.id else { return [] }
        switch (loop, phase) {
        case (.entry, _) where occupied:
            entryOccupiedDuringCrossing = true
        case (.entry, .waitingForOfficer) where entryOccupiedDuringCrossing:
            return finish(crossing, at: now, context: &context)
        case (.passage, .passing):
            if occupied {
                passageOccupiedWhilePassing = true
            } else if passageOccupiedWhilePassing {
                return finish(crossing, at: now, context: &context)
            }
        default:
            break
        }
        return []
    }

    private mutating func start(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        passingDeadline = nil
        passageOccupiedWhilePassing = false
        entryOccupiedDuringCrossing = context.isOccupied(.entry)
        return cycle.open(at: now, context: &context)
    }

    private mutating func release(_ crossing: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        cycle.enter(.passing)
        passingDeadline = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + context.collectTimeout)
        passageOccupiedWhilePassing = false
        var actions = [context.actuate(.turnstileRelease, crossing: crossing)]
        if !context.lightsGreen { actions.append(context.actuate(.lightsGreen, crossing: crossing)) }
        return actions
    }

    /// REFER, HOLD or an uncommitted decision: red, and the person waits for an officer — unless
    /// the next person's document was read meanwhile, which means the officer took this one aside.
    private mutating func refer(_ crossing: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        cycle.enter(.waitingForOfficer)
        passingDeadline = nil
        let actions = context.lightsRed(crossing: crossing)
        if context.held.contains(where: { Self.isNextPerson($0.observation) }) {
            return actions + finish(crossing, at: now, context: &context)
        }
        return actions
    }

    /// Red, idle; a document or pass read meanwhile starts the next crossing at once.
    private mutating func finish(_ crossing: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        let actions = context.lightsRed(crossing: crossing)
        cycle.close()
        passingDeadline = nil
        context.dropStaleHeld(now: now)
        if context.held.contains(where: { Self.isNextPerson($0.observation) }) {
            return actions + start(at: now, context: &context)
        }
        return actions
    }
}
