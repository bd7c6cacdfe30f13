import Agent
import Lanes
import LaneModel

/// One line of a replay file (`laneagent lane replay --events`), checked and turned into what
/// the lanes take: a `LaneInput` for the named lane, or an officer's override.
public struct ReplayEvent: Sendable {
    /// What the line asks of its lane.
    public enum Action: Sendable {
        /// Hand this input to the lane, as the daemon would.
        case input(LaneInput)
        /// An officer's CLEAR or HOLD for a crossing the lane decided.
        case override(crossing: String, decision: Decision, officer: String, reason: String)
    }

    /// The line's number in the file, from 1.
    public var line: Int
    /// The event's time; nil only for a `clock` line without `at`, which takes the replay clock.
    public var at: Timestamp?
    /// The lanes it goes to: one, or every lane for a `clock` line without `lane`.
    public var lanes: [String]
    /// The `type` field, for counting and messages.
    public var type: String
    public var action: Action

    public init(line: Int, at: Timestamp?, lanes: [String], type: String, action: Action) {
        self.line = line
        self.at = at
        self.lanes = lanes
        self.type = type
        self.action = action
    }
}
