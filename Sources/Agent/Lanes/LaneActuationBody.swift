import LaneIO
import LaneModel

/// The body of a `lane.actuation` record: an output driven, with the GPIO writes when it worked
/// or the error when it did not.
public struct LaneActuationBody: RecordBody {
    /// What `action` says when the lane asserts its safe state by itself (at start and stop).
    public static let safeState = "safe-state"

    public var lane: String
    /// An `Actuation`'s raw value, or `safeState`.
    public var action: String
    /// The crossing it was for; nil for the safe state.
    public var crossing: String?
    public var outcome: Outcome

    /// What became of the actuation.
    public enum Outcome: Sendable {
        /// Done: the lines written, in order.
        case written([LineWrite])
        /// Failed: the error's words and code.
        case failed(error: String, code: String)
    }

    public init(lane: String, action: String, crossing: String?, outcome: Outcome) {
        self.lane = lane
        self.action = action
        self.crossing = crossing
        self.outcome = outcome
    }

    public var recordKind: RecordKind { .laneActuation }

    public func write(to members: inout RecordMembers) {
        members.required("lane", lane)
        members.required("action", action)
        members.required("crossing", crossing)
        var lines: [LineWrite]?
        var failure: (error: String, code: String)?
        switch outcome {
        case .written(let writes): lines = writes
        case .failed(let error, let code): failure = (error, code)
        }
        members.required("ok", lines != nil)
        members.optional("lines", lines)
        members.optional("error", failure?.error)
        members.optional("code", failure?.code)
    }
}
