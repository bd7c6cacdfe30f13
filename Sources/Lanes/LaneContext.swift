import LaneModel
import Rules

/// What both kinds of lane share: the rule engine and what the rules need besides the evidence
/// (faults, clock, reference data, recent crossings), the loops and outputs as last known, the
/// readings held for the next crossing, and the lane's recent decisions and overrides.
struct LaneContext: Sendable {
    static let recentDecisionLimit = 20
    /// Enough for any realistic burst between two crossings; older ones are dropped first.
    static let heldLimit = 256
    /// Bounds `crossing.repeat`'s memory even with a very long repeat window.
    static let recentCrossingLimit = 2_000

    let lane: String
    let kind: LaneKind
    let engine: RuleEngine
    var reference: ReferenceData? {
        didSet { vehicles = reference.map(VehicleIndex.init) }
    }
    /// The reference data's vehicles by plate, built once per reference data: every input asks
    /// whether the crossing is complete, and a site may expect thousands of trucks.
    private(set) var vehicles: VehicleIndex?
    var clockSynced: Bool
    /// Open faults by device id.
    var activeFaults: [String: DeviceFault] = [:]
    var recentCrossings: [RecentCrossing] = []
    var recentDecisions: [CrossingDecision] = []
    /// Overrides sent to the journal, by crossing, until the runner reports them committed.
    var pendingOverrides: [String: CrossingOverride] = [:]
    /// Committed overrides of the recent decisions, by crossing.
    var overrides: [String: CrossingOverride] = [:]
    /// The `crossing.repeat` key of the recent decisions, by crossing, so an officer's CLEAR counts as a crossing too.
    var repeatKeys: [String: String] = [:]
    /// Loops and sensors last reported occupied.
    var occupied: Set<PresenceLoop> = []
    /// Output state as the lane last asked for it; at start the outputs are in the safe state.
    var lightsGreen = false
    var barrierOpen = false
    var held: [HeldReading] = []
    var identifiers: CrossingIdentifiers

    init(lane: String, kind: LaneKind, engine: RuleEngine, reference: ReferenceData?, clockSynced: Bool) {
        self.lane = lane
        self.kind = kind
        self.engine = engine
        self.reference = reference
        vehicles = reference.map(VehicleIndex.init)
        self.clockSynced = clockSynced
        identifiers = CrossingIdentifiers(lane: lane)
    }

    /// `collect_timeout_seconds` in milliseconds: how long a crossing collects, a cleared person
    /// may take to pass, and a held reading stays usable.
    var collectTimeout: Int64 { Int64(max(0, engine.pack.thresholds.collectTimeoutSeconds)) * 1000 }

    func isOccupied(_ loop: PresenceLoop) -> Bool { occupied.contains(loop) }

    /// The action for `actuation`, noting the output state it leaves.
    mutating func actuate(_ actuation: Actuation, crossing: String) -> LaneAction {
        switch actuation {
        case .barrierOpen: barrierOpen = true
        case .barrierClose: barrierOpen = false
        case .lightsGreen: lightsGreen = true
        case .lightsRed: lightsGreen = false
        case .turnstileRelease: break
        }
        return .actuate(actuation, crossing: crossing)
    }

    /// Turns the lights red unless they already are.
    mutating func lightsRed(crossing: String) -> [LaneAction] {
        lightsGreen ? [actuate(.lightsRed, crossing: crossing)] : []
    }

    /// Keeps a reading that arrived while no crossing was collecting, for the next crossing.
    mutating func hold(_ observation: LaneObservation, device: String, reference: ReadingReference?, at time: Timestamp) {
        if held.count >= Self.heldLimit { held.removeFirst() }
        held.append(HeldReading(observation: observation, device: device, reference: reference, arrivedAt: time))
    }

    /// Forgets held readings older than the collect timeout: they belong to no crossing.
    mutating func dropStaleHeld(now: Timestamp) {
        let oldest = now.millisecondsSinceEpoch - collectTimeout
        held.removeAll { $0.arrivedAt.millisecondsSinceEpoch < oldest }
    }

    /// A new crossing starting at `now`, with the held readings as its first evidence.
    mutating func openCrossing(at now: Timestamp) -> CrossingAssembly {
        dropStaleHeld(now: now)
        var assembly = CrossingAssembly(id: identifiers.next(startingAt: now), startedAt: now,
                                        deadline: Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + collectTimeout))
        for reading in held { assembly.add(reading.observation, reference: reading.reference, at: reading.arrivedAt) }
        held.removeAll()
        return assembly
    }

    /// Evaluates `assembly` at `now` and remembers the decision for `lane status` and `crossing.repeat`.
    mutating func decide(_ assembly: CrossingAssembly, at now: Timestamp) -> CrossingDecision {
        let faults = activeFaults.values.sorted { $0.device < $1.device }
        let ruleContext = RuleContext(now: now, clockSynced: clockSynced, reference: reference, vehicles: vehicles, activeFaults: faults,
                                      recentCrossings: recentCrossings)
        let verdict = engine.evaluate(kind, assembly.evidence, context: ruleContext)
        var guarded = ClearGuard(verdict: verdict)
        if verdict.decision == .clear {
            guarded.check(missing: missingEvidence(assembly), faults: faults + assembly.evidence.faults,
                          clockSynced: clockSynced, reference: reference, now: now, pack: engine.pack)
        }
        let decision = CrossingDecision(
            crossing: assembly.id, lane: lane, kind: kind, decision: guarded.decision, reasons: guarded.reasons,
            rulePack: engine.pack.summary, referenceVersion: reference?.version,
            referenceAgeSeconds: reference.map { Int(max(0, now.millisecondsSinceEpoch - $0.issuedAt.millisecondsSinceEpoch) / 1000) },
            readings: assembly.readings, subject: assembly.subject(for: kind), startedAt: assembly.startedAt,
            lastEvidenceAt: assembly.lastEvidenceAt, decidedAt: now)

        recentDecisions.append(decision)
        if recentDecisions.count > Self.recentDecisionLimit { recentDecisions.removeFirst(recentDecisions.count - Self.recentDecisionLimit) }
        let kept = Set(recentDecisions.map(\.crossing))
        overrides = overrides.filter { kept.contains($0.key) }
        pendingOverrides = pendingOverrides.filter { kept.contains($0.key) }
        repeatKeys = repeatKeys.filter { kept.contains($0.key) }

        if let key = verdict.repeatKey {
            repeatKeys[assembly.id] = key
            remember(RecentCrossing(key: key, decision: guarded.decision, decidedAt: now))
        }
        return decision
    }

    /// The evidence `assembly` still lacks.
    func missingEvidence(_ assembly: CrossingAssembly) -> [EvidenceKind] {
        engine.missingEvidence(kind, assembly.evidence, vehicles: vehicles)
    }

    /// Adds a crossing for `crossing.repeat` and forgets those older than the repeat window.
    private mutating func remember(_ crossing: RecentCrossing) {
        recentCrossings.append(crossing)
        let windowStart = crossing.decidedAt.millisecondsSinceEpoch - Int64(max(0, engine.pack.thresholds.repeatWindowSeconds)) * 1000
        recentCrossings.removeAll { $0.decidedAt.millisecondsSinceEpoch < windowStart }
        if recentCrossings.count > Self.recentCrossingLimit { recentCrossings.removeFirst(recentCrossings.count - Self.recentCrossingLimit) }
    }

    /// Marks the pending override of `crossing` committed; nil when there was none.
    mutating func commitOverride(of crossing: String) -> CrossingOverride? {
        guard let record = pendingOverrides.removeValue(forKey: crossing) else { return nil }
        if recentDecisions.contains(where: { $0.crossing == crossing }) { overrides[crossing] = record }
        // An officer's CLEAR lets the vehicle or person through: that is a crossing to repeat-check.
        if record.decision == .clear, let key = repeatKeys[crossing] {
            remember(RecentCrossing(key: key, decision: .clear, decidedAt: record.at))
        }
        return record
    }
}
