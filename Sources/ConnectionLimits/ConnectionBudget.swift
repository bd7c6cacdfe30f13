import Synchronization

/// How many connections an HTTP server holds at once, in all and from one address: what
/// stops a thousand idle sockets from using up the descriptors a real camera's event needs.
/// Shared by every connection of one server.
public final class ConnectionBudget: Sendable {
    /// Most connections open at once.
    public let total: Int
    /// Most connections open at once from one source address.
    public let perAddress: Int
    private let open = Mutex<(count: Int, byAddress: [String: Int])>((0, [:]))

    public init(total: Int, perAddress: Int) {
        self.total = total
        self.perAddress = perAddress
    }

    /// Takes a place for a connection from `address`, or says why there is none.
    func admit(_ address: String) -> Refusal? {
        open.withLock { state in
            if state.count >= total { return .full(total) }
            let held = state.byAddress[address, default: 0]
            if held >= perAddress { return .addressFull(address, perAddress) }
            state.count += 1
            state.byAddress[address] = held + 1
            return nil
        }
    }

    /// Gives back the place a connection from `address` held.
    func release(_ address: String) {
        open.withLock { state in
            state.count -= 1
            let held = state.byAddress[address, default: 1] - 1
            state.byAddress[address] = held > 0 ? held : nil
        }
    }

    /// Connections open now.
    public var count: Int { open.withLock { $0.count } }

    /// Why a connection was not admitted.
    enum Refusal: CustomStringConvertible {
        case full(Int)
        case addressFull(String, Int)

        var description: String {
            switch self {
            case .full(let limit): "\(limit) connections are open, the server's limit"
            case .addressFull(let address, let limit): "\(address) already holds \(limit) connections, the limit per address"
            }
        }
    }
}
