import LaneModel
import Rules

/// A cargo lane: entry loop (on the weighbridge) → collect → decide → commit → green and barrier
/// open → the vehicle passes the exit loop (under the barrier) → barrier closed, red → idle.
///
/// The barrier closes only on an exit loop that was just reported clear, so never on a vehicle.
struct CargoLane: LaneMachine {
    private var cycle = CrossingCycle()
    /// The entry loop cleared since this crossing's vehicle drove on: whoever is on it now is the next vehicle.
    private var entryClearedSinceStart = false
    /// While passing: the exit loop has been occupied since the barrier opened.
    private var exitOccupiedWhilePassing = false
    /// The crossing whose barrier must close as soon as the exit loop is clear (HOLD while the vehicle was under it).
    private var closeWhenExitClears: String?

    var phase: LanePhase { cycle.phase }
    var assembly: CrossingAssembly? { cycle.assembly }
    var outcome: CrossingOutcome? { cycle.outcome }
    var nextDeadline: Timestamp? { phase == .collecting ? assembly?.deadline : nil }

    mutating func fireDeadlines(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        cycle.decideAtDeadline(at: now, context: &context)
    }

    mutating func handle(_ input: LaneInput, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        switch input {
        case .presence(let loop, let occupied):
            return presence(loop, occupied: occupied, at: now, context: &context)
        case .reading(let observation, let device, let reference):
            if phase == .collecting { return cycle.collect(observation, reference: reference, at: now, context: &context) }
            // The scale weighs whoever is on the weighbridge: a weight is the next vehicle's only
            // when that vehicle is on the entry loop already.
            if case .weight = observation, !nextVehicleOnEntry(context) { return [] }
            if (assembly ?? cycle.finished)?.alreadyHas(observation) == true { return [] }
            context.hold(observation, device: device, reference: reference, at: now)
            return []
        case .fault(let device, _):
            return cycle.fault(device, at: now, context: &context)
        case .decisionCommitted(let crossing):
            switch cycle.decisionCommitted(crossing) {
            case .clear?: return open(crossing, context: &context)
            case .notClear?: return waitForOfficer(crossing, at: now, context: &context)
            case nil: return []
            }
        case .commitFailed(let crossing, let reason):
            guard cycle.commitFailed(crossing, reason: reason) else { return [] }
            return waitForOfficer(crossing, at: now, context: &context)
        case .overrideCommitted(let crossing):
            guard let record = cycle.overrideCommitted(crossing, context: &context) else { return [] }
            return applyOverride(record, at: now, context: &context)
        case .recovered, .clock, .reference, .tick:
            return []
        }
    }

    private func nextVehicleOnEntry(_ context: LaneContext) -> Bool {
        context.isOccupied(.entry) && (assembly == nil || entryClearedSinceStart)
    }

    private mutating func presence(_ loop: PresenceLoop, occupied: Bool, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        var actions: [LaneAction] = []
        if loop == .entry, !occupied, assembly != nil { entryClearedSinceStart = true }
        if loop == .exit, !occupied, let crossing = closeWhenExitClears {
            closeWhenExitClears = nil
            if context.barrierOpen { actions.append(context.actuate(.barrierClose, crossing: crossing)) }
        }
        switch phase {
        case .idle:
            if loop == .entry, occupied { actions += start(at: now, context: &context) }
        case .collecting, .committing:
            break
        case .passing:
            guard loop == .exit, let crossing = assembly?.id else { break }
            if occupied {
                exitOccupiedWhilePassing = true
            } else if exitOccupiedWhilePassing {
                if !context.isOccupied(.entry) || entryClearedSinceStart {
                    actions += finish(crossing, at: now, context: &context)
                } else {
                    // Still this vehicle on the weighbridge (a gap between tractor and trailer):
                    // it must cross the exit loop again before the barrier may close.
                    exitOccupiedWhilePassing = false
                }
            }
        case .waitingForOfficer:
            actions += leaveIfGone(at: now, context: &context)
        }
        return actions
    }

    private mutating func start(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        entryClearedSinceStart = false
        exitOccupiedWhilePassing = false
        return cycle.open(at: now, context: &context)
    }

    /// REFER, HOLD or an uncommitted decision: red, and the vehicle waits for an officer.
    private mutating func waitForOfficer(_ crossing: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        cycle.enter(.waitingForOfficer)
        return context.lightsRed(crossing: crossing) + leaveIfGone(at: now, context: &context)
    }

    private mutating func open(_ crossing: String, context: inout LaneContext) -> [LaneAction] {
        cycle.enter(.passing)
        exitOccupiedWhilePassing = context.isOccupied(.exit)
        closeWhenExitClears = nil
        // The barrier first: green only once the way is opening, so no driver is waved into it.
        var actions: [LaneAction] = []
        if !context.barrierOpen { actions.append(context.actuate(.barrierOpen, crossing: crossing)) }
        if !context.lightsGreen { actions.append(context.actuate(.lightsGreen, crossing: crossing)) }
        return actions
    }

    private mutating func applyOverride(_ record: CrossingOverride, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        if record.decision == .clear {
            return phase == .waitingForOfficer ? open(record.crossing, context: &context) : []
        }
        var actions = context.lightsRed(crossing: record.crossing)
        if context.barrierOpen {
            if context.isOccupied(.exit) {
                closeWhenExitClears = record.crossing
            } else {
                actions.append(context.actuate(.barrierClose, crossing: record.crossing))
            }
        }
        cycle.enter(.waitingForOfficer)
        return actions + leaveIfGone(at: now, context: &context)
    }

    /// After REFER or HOLD: the vehicle left (both loops clear, e.g. it reversed off) → idle.
    private mutating func leaveIfGone(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard phase == .waitingForOfficer, let crossing = assembly?.id,
              !context.isOccupied(.entry), !context.isOccupied(.exit) else { return [] }
        return finish(crossing, at: now, context: &context)
    }

    /// Barrier closed (the exit loop is clear: every caller checked), lights red, idle; a
    /// vehicle already on the entry loop starts the next crossing at once.
    private mutating func finish(_ crossing: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        var actions: [LaneAction] = []
        if context.barrierOpen, !context.isOccupied(.exit) { actions.append(context.actuate(.barrierClose, crossing: crossing)) }
        if context.barrierOpen { closeWhenExitClears = crossing }
        actions += context.lightsRed(crossing: crossing)
        cycle.close()
        if context.isOccupied(.entry) { actions += start(at: now, context: &context) }
        return actions
    }
}
