import Hummingbird
import NIOCore

/// The receiver's request context: Hummingbird's core plus the connection, from which the
/// caller's client certificate is read.
public struct ReceiverRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    /// The connection the request came on.
    public let channel: any Channel

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}
