/// The version recorded in `agent.started` and printed by `laneagent --version`.
public enum LaneAgentVersion {
    public static let current = "0.1.0"
}
