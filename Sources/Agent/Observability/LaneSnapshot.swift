import LaneModel

/// One lane as the admin server shows it: its `lane status` JSON and whether its loop runs.
public struct LaneSnapshot: Sendable {
    public let id: String
    /// The same object `laneagent lane status --json` prints for the lane.
    public let status: JSONValue
    /// True once the lane's loop has answered a heartbeat and is not stuck on one.
    public let running: Bool
}
