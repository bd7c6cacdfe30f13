import LaneModel
import Rules

/// One lane's state machine: a pure value that takes timed inputs and returns the actions its
/// runner must take. The daemon, replay and the tests all drive this same code.
///
/// The runner executes the actions in order and reports back: `.decisionCommitted` or
/// `.commitFailed` after a `.commitDecision`, `.overrideCommitted` after a `.commitOverride`.
/// No actuation for a crossing is ever returned before its decision (or override) was reported
/// committed. Time never goes backwards inside the lane: an input stamped earlier than one
/// already seen counts as happening at the latest time seen.
public struct Lane: Sendable {
    public let id: String
    public let kind: LaneKind
    public let engine: RuleEngine
    var context: LaneContext
    var machine: any LaneMachine
    /// The latest input time seen; the lane's clock.
    private(set) var now: Timestamp?

    public init(id: String, kind: LaneKind, pack: RulePack, reference: ReferenceData? = nil, clockSynced: Bool = true) {
        self.id = id
        self.kind = kind
        self.engine = RuleEngine(pack: pack)
        context = LaneContext(lane: id, kind: kind, engine: engine, reference: reference, clockSynced: clockSynced)
        switch kind {
        case .cargo: machine = CargoLane()
        case .people: machine = PeopleLane()
        }
    }

    /// Where the lane is in its cycle.
    public var phase: LanePhase { machine.phase }
    /// The crossing in progress (or awaiting its vehicle's exit or an officer), if any.
    public var crossing: String? { machine.assembly?.id }
    /// The newest decisions, newest last (at most 20), for `lane status`.
    public var recentDecisions: [CrossingDecision] { context.recentDecisions }
    /// When the lane next needs a `.tick` (collect deadline, or a cleared person's passing time), if it is waiting for one.
    public var nextDeadline: Timestamp? { machine.nextDeadline }
    /// The loops and sensors last reported occupied.
    public var occupiedLoops: Set<PresenceLoop> { context.occupied }

    /// Applies one input at `time` and returns what to do, in order. Deadlines due at `time`
    /// fire first, whatever the input, so a late tick changes nothing.
    public mutating func handle(_ input: LaneInput, at time: Timestamp) -> [LaneAction] {
        let now = advance(to: time)
        context.dropStaleHeld(now: now)
        var actions = machine.fireDeadlines(at: now, context: &context)
        switch input {
        case .presence(let loop, let occupied):
            if occupied { context.occupied.insert(loop) } else { context.occupied.remove(loop) }
        case .fault(let device, let reason):
            let since = context.activeFaults[device]?.since ?? now
            context.activeFaults[device] = DeviceFault(device: device, reason: reason, since: since)
        case .recovered(let device):
            context.activeFaults[device] = nil
        case .clock(let synced):
            context.clockSynced = synced
        case .reference(let reference):
            context.reference = reference
        case .reading, .decisionCommitted, .commitFailed, .overrideCommitted, .tick:
            break
        }
        actions += machine.handle(input, at: now, context: &context)
        return actions
    }

    /// An officer's CLEAR or HOLD for `crossing`; refused unless the crossing is this lane's
    /// current one (decided or waiting). Returns the `.commitOverride` action; the lane actuates
    /// only once the runner reports `.overrideCommitted`.
    public mutating func override(crossing: String, decision: Decision, officer: String, reason: String,
                                  at time: Timestamp, authenticated: String? = nil) throws(OverrideRejection) -> [LaneAction] {
        guard decision == .clear || decision == .hold else {
            throw OverrideRejection("lane \(id): an override is CLEAR or HOLD, not \(decision.rawValue)")
        }
        guard !officer.isEmpty, !reason.isEmpty else {
            throw OverrideRejection("lane \(id): an override needs the officer's id and a reason")
        }
        let current = machine.assembly?.id
        let situation = current.map { "lane \(id) is \(phase.rawValue) with crossing \($0)" } ?? "lane \(id) is \(phase.rawValue) with no crossing"
        guard crossing == current, phase == .waitingForOfficer || phase == .passing, let outcome = machine.outcome else {
            throw OverrideRejection("""
                cannot override \(crossing): \(situation); only the current crossing, once decided and committed (waiting for an officer or passing), can be \
                overridden
                """)
        }
        guard context.pendingOverrides[crossing] == nil else {
            throw OverrideRejection("cannot override \(crossing): \(situation) and an earlier override is still being committed; try again")
        }
        if decision == .clear, let failure = outcome.commitFailure {
            throw OverrideRejection("""
                cannot CLEAR \(crossing): its decision was never committed (\(failure)), so the lane will not open for it; let the vehicle or person through by \
                hand
                """)
        }
        let now = advance(to: time)
        let record = CrossingOverride(crossing: crossing, lane: id, decision: decision, previous: outcome.effective,
                                      officer: officer, reason: reason, at: now, authenticated: authenticated)
        context.pendingOverrides[crossing] = record
        return [.commitOverride(record)]
    }

    private mutating func advance(to time: Timestamp) -> Timestamp {
        let latest = max(time, now ?? time)
        now = latest
        return latest
    }
}
