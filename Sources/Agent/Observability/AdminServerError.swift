import LaneModel

/// Why the admin HTTP server (`[http] admin_listen`) could not serve.
public enum AdminServerError: LaneAgentError, Equatable {
    /// Binding the address failed: another process holds the port, or the address is not this board's.
    case cannotListen(address: String, reason: String)

    public var code: String { "LA-ADMIN-001" }
    public var isUsageError: Bool { true }

    public var description: String {
        switch self {
        case .cannotListen(let address, let reason):
            "\(code): the admin server cannot listen on \(address) ([http] admin_listen): \(reason); "
                + "stop what holds the port (ss -ltnp | grep \(address.split(separator: ":").last ?? "")), choose another address, "
                + "or set admin_listen = \"off\""
        }
    }
}
