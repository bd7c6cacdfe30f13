import Journal
import LaneModel
import Records

/// Why an officer's PIN or key could not be taken from the person at the keyboard.
enum OfficerInputError: LaneAgentError {
    /// Neither a terminal nor --pin-stdin.
    case noTerminal
    /// --pin-stdin, and standard input had no line.
    case noInput
    /// The PIN and its confirmation differ.
    case mismatch
    /// Too short, too long, or with control characters.
    case unusablePIN(String)
    /// The officer's key file cannot be read or written; `reason` says why and what to do.
    case unusableKey(path: String, reason: String)

    /// The key file's problem in an officer's words: the journal's key errors speak of the device key.
    static func key(_ path: String, _ error: KeyError) -> OfficerInputError {
        let reason = switch error.code {
        case "LA-KEY-001": "a file already exists there; choose a path of its own for each officer"
        case "LA-KEY-002": "there is no such file; it is the file `laneagent officer enrol --key-out` made"
        case "LA-KEY-003": "group or others can read it; run `chmod 600 \(path)`"
        default: error.message
        }
        return .unusableKey(path: path, reason: reason)
    }

    var code: String {
        switch self {
        case .noTerminal: "LA-OFFICER-001"
        case .noInput: "LA-OFFICER-002"
        case .mismatch: "LA-OFFICER-003"
        case .unusablePIN: "LA-OFFICER-004"
        case .unusableKey: "LA-OFFICER-005"
        }
    }

    var isUsageError: Bool { true }

    var description: String {
        let message = switch self {
        case .noTerminal: "there is no terminal to ask the PIN on: run this on a terminal, or pass --pin-stdin and write the PIN on standard input"
        case .noInput: "--pin-stdin: standard input held no PIN; write the PIN on one line"
        case .mismatch: "the two PINs differ; nothing was done, try again"
        case .unusablePIN(let problem): "the PIN cannot be used: \(problem)"
        case .unusableKey(let path, let reason): "the officer's key \(path) cannot be used: \(reason)"
        }
        return "\(message) (\(code))"
    }
}
