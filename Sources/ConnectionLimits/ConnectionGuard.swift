import Logging
import NIOCore
import NIOHTTPTypes

/// Put in each connection's pipeline (after HTTP decoding): admits the connection within its
/// server's `ConnectionBudget` or closes it at once (the newest connection is the one shed),
/// and closes a connection that does not deliver a whole request within `requestTimeout` of
/// opening or of its last response (a client trickling a header or body byte by byte holds a
/// descriptor for ever otherwise; an idle timeout alone never fires on a trickle).
public final class ConnectionGuard: ChannelDuplexHandler, RemovableChannelHandler {
    public typealias InboundIn = HTTPRequestPart
    public typealias InboundOut = HTTPRequestPart
    public typealias OutboundIn = HTTPResponsePart
    public typealias OutboundOut = HTTPResponsePart

    private let budget: ConnectionBudget
    private let requestTimeout: TimeAmount
    private let logger: Logger
    private var address: String?
    private var deadline: Scheduled<Void>?

    public init(budget: ConnectionBudget, requestTimeout: TimeAmount, logger: Logger) {
        self.budget = budget
        self.requestTimeout = requestTimeout
        self.logger = logger
    }

    public func handlerAdded(context: ChannelHandlerContext) {
        let source = context.channel.remoteAddress?.ipAddress ?? "unknown"
        if let refusal = budget.admit(source) {
            logger.warning("refused a connection", metadata: ["source": "\(source)", "reason": "\(refusal)"])
            context.close(promise: nil)
            return
        }
        address = source
        arm(context)
    }

    public func handlerRemoved(context: ChannelHandlerContext) { finish() }

    public func channelInactive(context: ChannelHandlerContext) {
        finish()
        context.fireChannelInactive()
    }

    public func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .end = unwrapInboundIn(data) {
            deadline?.cancel()
            deadline = nil
        }
        context.fireChannelRead(data)
    }

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data), address != nil { arm(context) }
        context.write(data, promise: promise)
    }

    /// Closes the connection unless a whole request arrives within `requestTimeout`.
    private func arm(_ context: ChannelHandlerContext) {
        deadline?.cancel()
        let channel = context.channel
        let logger = self.logger
        let source = address ?? "unknown"
        let timeout = requestTimeout
        deadline = context.eventLoop.scheduleTask(in: timeout) {
            logger.info("closed a connection that sent no whole request in time", metadata: ["source": "\(source)", "seconds": "\(timeout.nanoseconds / 1_000_000_000)"])
            channel.close(promise: nil)
        }
    }

    private func finish() {
        deadline?.cancel()
        deadline = nil
        if let address {
            budget.release(address)
            self.address = nil
        }
    }
}
