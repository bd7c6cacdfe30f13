import Hummingbird
import NIOCore

/// Hummingbird's request context plus the peer's address, which the allowlist checks.
struct GatewayContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let remoteAddress: SocketAddress?

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The peer's IP address as text, or "" when unknown.
    var sourceAddress: String { remoteAddress?.ipAddress ?? "" }
}
