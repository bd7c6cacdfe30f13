import LaneModel

/// A message to systemd's notify socket that could not be sent.
public enum SystemdNotifyError: LaneAgentError {
    case badSocket(String, String)
    case send(String, String)

    public var code: String {
        switch self {
        case .badSocket: "LA-SYSTEMD-001"
        case .send: "LA-SYSTEMD-002"
        }
    }

    public var isUsageError: Bool {
        if case .badSocket = self { return true }
        return false
    }

    public var description: String {
        switch self {
        case .badSocket(let path, let reason):
            "\(code): NOTIFY_SOCKET=\(path) is \(reason); start laneagent from its systemd unit or unset NOTIFY_SOCKET"
        case .send(let path, let reason):
            "\(code): cannot notify systemd at \(path): \(reason); systemd will treat the start as failed or the watchdog as expired"
        }
    }
}
