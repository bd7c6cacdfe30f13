import LaneModel

/// A GPIO failure, saying what failed and what to do.
public enum GPIOError: LaneAgentError, Equatable {
    /// The kernel has no GPIO character device of that name (or none at all).
    case noChip(name: String, reason: String)
    /// The chip has no line with that name.
    case noLine(chip: String, line: String, available: [String])
    /// The line is held by another consumer or the request failed.
    case requestFailed(chip: String, line: String, reason: String)
    /// Reading or writing a requested line failed.
    case ioFailed(chip: String, line: String, reason: String)
    /// The barrier was asked to close while the loop under it is occupied.
    case interlock(line: String, loop: String)
    /// The lane was asked to work a barrier, turnstile or light it has no line for.
    case notConfigured(lane: String, role: String)

    public var code: String {
        switch self {
        case .noChip: "LA-GPIO-001"
        case .noLine: "LA-GPIO-002"
        case .requestFailed: "LA-GPIO-003"
        case .ioFailed: "LA-GPIO-004"
        case .interlock: "LA-GPIO-005"
        case .notConfigured: "LA-GPIO-006"
        }
    }

    /// Only a missing line role is a configuration mistake; everything else is a fault found.
    public var isUsageError: Bool {
        if case .notConfigured = self { return true }
        return false
    }

    public var description: String {
        let text = switch self {
        case .noChip(let name, let reason):
            "GPIO chip \(name) cannot be opened: \(reason)"
        case .noLine(let chip, let line, let available):
            "GPIO chip \(chip) has no line named \(line); named lines: \(available.isEmpty ? "none" : available.joined(separator: ", "))"
        case .requestFailed(let chip, let line, let reason):
            "cannot request GPIO line \(line) on \(chip): \(reason); `laneagent diag gpio --chip \(chip) --list` shows who holds it"
        case .ioFailed(let chip, let line, let reason):
            "GPIO line \(line) on \(chip) failed: \(reason)"
        case .interlock(let line, let loop):
            "refused to close the barrier (\(line)): the \(loop) loop under it is occupied"
        case .notConfigured(let lane, let role):
            "lane \(lane) has no \(role) line: name it under [lanes.gpio] as \(role) = \"LINE\" (the device-tree line name)"
        }
        return "\(text) (\(code))"
    }
}
