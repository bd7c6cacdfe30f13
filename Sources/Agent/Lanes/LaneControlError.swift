import LaneModel

/// Why the daemon's lane control API refused or could not carry out a request.
public enum LaneControlError: LaneAgentError, Equatable {
    /// No lane with that id on this board.
    case unknownLane(String, known: [String])
    /// The lane refused the override (wrong crossing or phase); the message says why.
    case rejected(String)
    /// The override could not be committed to the journal; nothing was actuated.
    case notRecorded(String)
    /// The request was malformed.
    case badRequest(String)
    /// The daemon's control socket cannot be reached.
    case unreachable(path: String, reason: String)
    /// The officer could not be authenticated (unknown officer, wrong PIN or signature, no
    /// officers in the reference data); the attempt was recorded and nothing changed at the lane.
    case notAuthenticated(String)
    /// Too many failed attempts for this officer or lane; refused without checking anything.
    case lockedOut(String)

    public var code: String {
        switch self {
        case .unknownLane: "LA-LANE-002"
        case .rejected: "LA-LANE-001"
        case .notRecorded: "LA-LANE-003"
        case .badRequest: "LA-LANE-004"
        case .unreachable: "LA-LANE-005"
        case .notAuthenticated: "LA-LANE-006"
        case .lockedOut: "LA-LANE-007"
        }
    }

    public var isUsageError: Bool {
        switch self {
        case .unknownLane, .badRequest: true
        case .rejected, .notRecorded, .unreachable, .notAuthenticated, .lockedOut: false
        }
    }

    public var description: String { "\(message) (\(code))" }

    /// What the case carries: the reason text (the lane id for `unknownLane`).
    public var reason: String {
        switch self {
        case .unknownLane(let lane, _): lane
        case .rejected(let reason), .notRecorded(let reason), .badRequest(let reason), .notAuthenticated(let reason), .lockedOut(let reason): reason
        case .unreachable(_, let reason): reason
        }
    }

    /// The message without its code, as the control API returns it.
    public var message: String {
        switch self {
        case .unknownLane(let lane, let known): "no lane '\(lane)' on this board; lanes: \(known.joined(separator: ", "))"
        case .rejected(let reason): "override refused: \(reason)"
        case .notRecorded(let reason): "the override could not be recorded, so nothing was actuated: \(reason)"
        case .badRequest(let reason): "bad request: \(reason)"
        case .notAuthenticated(let reason): "override refused, officer not authenticated: \(reason)"
        case .lockedOut(let reason): "override refused, locked out: \(reason)"
        case .unreachable(let path, let reason):
            "cannot reach the running daemon at \(path): \(reason); is `laneagent run` running with this config (systemctl status laneagent)?"
        }
    }
}
