import LaneModel

/// The steps every kind of lane shares: open a crossing, collect its evidence, decide once it is
/// complete (or a deadline or a device fault forces it), and hold the decision until the journal
/// reports it committed. What a lane then does with its barrier, turnstile and lights is its own.
struct CrossingCycle: Sendable {
    private(set) var phase: LanePhase = .idle
    /// The crossing in progress or awaiting its vehicle, person or officer.
    private(set) var assembly: CrossingAssembly?
    private(set) var outcome: CrossingOutcome?
    /// The last finished crossing, so a late repeat of its readings is not given to the next one.
    private(set) var finished: CrossingAssembly?

    /// What the journal's word on the decision lets the lane do.
    enum Committed: Equatable {
        /// CLEAR is durable: the lane may open.
        case clear(crossing: String)
        /// REFER or HOLD is durable: the lane stays shut for an officer.
        case notClear(crossing: String)
    }

    /// Opens a new crossing at `now`, with whatever the lane held for it, and decides at once if
    /// nothing required is missing.
    mutating func open(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        assembly = context.openCrossing(at: now)
        outcome = nil
        phase = .collecting
        return decideIfComplete(at: now, context: &context)
    }

    /// Adds a reading to the crossing being collected; decides once nothing required is missing.
    mutating func collect(_ observation: LaneObservation, reference: ReadingReference?, at now: Timestamp,
                          context: inout LaneContext) -> [LaneAction] {
        assembly?.add(observation, reference: reference, at: now)
        return decideIfComplete(at: now, context: &context)
    }

    /// A device failed while collecting: the crossing is decided at once with the fault in its
    /// evidence (waiting out the deadline on a dead device helps no one).
    mutating func fault(_ device: String, at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard phase == .collecting, let fault = context.activeFaults[device] else { return [] }
        assembly?.add(fault, at: now)
        return decide(at: now, context: &context)
    }

    /// The collect deadline passed: decide with what is there.
    mutating func decideAtDeadline(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard phase == .collecting, let assembly, assembly.deadline <= now else { return [] }
        return decide(at: now, context: &context)
    }

    /// The decision record is durable; nil when the answer is not for the decision this lane waits on.
    mutating func decisionCommitted(_ crossing: String) -> Committed? {
        guard phase == .committing, crossing == assembly?.id, outcome != nil else { return nil }
        outcome?.committed = true
        return outcome?.effective == .clear ? .clear(crossing: crossing) : .notClear(crossing: crossing)
    }

    /// The decision record could not be committed; false when the answer is not for this lane's decision.
    mutating func commitFailed(_ crossing: String, reason: String) -> Bool {
        guard phase == .committing, crossing == assembly?.id, outcome != nil else { return false }
        outcome?.commitFailure = reason
        return true
    }

    /// An officer's override is durable; the override when it is for the crossing in progress.
    mutating func overrideCommitted(_ crossing: String, context: inout LaneContext) -> CrossingOverride? {
        guard let record = context.commitOverride(of: crossing), crossing == assembly?.id else { return nil }
        outcome?.override = record
        return record
    }

    /// The lane let the vehicle or person through, or waits for an officer.
    mutating func enter(_ phase: LanePhase) { self.phase = phase }

    /// The crossing is over: idle, and remembered so its late readings stay its own.
    mutating func close() {
        finished = assembly
        assembly = nil
        outcome = nil
        phase = .idle
    }

    private mutating func decideIfComplete(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard let assembly, context.missingEvidence(assembly).isEmpty else { return [] }
        return decide(at: now, context: &context)
    }

    private mutating func decide(at now: Timestamp, context: inout LaneContext) -> [LaneAction] {
        guard let assembly else { return [] }
        let decision = context.decide(assembly, at: now)
        outcome = CrossingOutcome(decision: decision)
        phase = .committing
        return [.commitDecision(decision)]
    }
}
