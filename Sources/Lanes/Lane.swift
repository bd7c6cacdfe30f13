import LaneModel
import Rules

/// One lane's state machine: a pure value that takes timed inputs and returns the actions its
/// runner must take. The daemon, replay and the tests all drive this same code.
public struct Lane: Sendable {
    public let id: String
    public let kind: LaneKind
    public let engine: RuleEngine
    public private(set) var phase: LanePhase = .idle
    /// The crossing in progress (or awaiting its vehicle's exit or an officer), if any.
    public private(set) var crossing: String?
    /// The newest decisions, newest last (at most 20), for `lane status`.
    public private(set) var recentDecisions: [CrossingDecision] = []

    public init(id: String, kind: LaneKind, pack: RulePack, reference: ReferenceData? = nil, clockSynced: Bool = true) {
        self.id = id
        self.kind = kind
        self.engine = RuleEngine(pack: pack)
    }

    /// When the lane next needs a `.tick` (collect deadline), if it is waiting for one.
    public var nextDeadline: Timestamp? { nil }

    /// Applies one input at `time` and returns what to do, in order.
    public mutating func handle(_ input: LaneInput, at time: Timestamp) -> [LaneAction] {
        // Implemented by the lanes work (issue 7).
        []
    }

    /// An officer's CLEAR or HOLD for `crossing`; refused unless the crossing is this lane's
    /// current one (decided or waiting). Returns the `.commitOverride` action.
    public mutating func override(crossing: String, decision: Decision, officer: String, reason: String,
                                  at time: Timestamp) throws(OverrideRejection) -> [LaneAction] {
        // Implemented by the lanes work (issue 7).
        throw OverrideRejection("overrides are not handled yet")
    }
}
