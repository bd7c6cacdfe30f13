import Biometrics
import ConnectionLimits
import DeviceKit
import Foundation
import HTTPServing
import HTTPTypes
import Hummingbird
import HummingbirdCore
import HummingbirdTLS
import LaneModel
import Logging
import NIOCore
import NIOSSL
import ServiceLifecycle

/// The local HTTP server cameras, scanners and terminals post their events to (`[http] listen`).
/// It reads bodies up to the limit (larger ones are 413 before the handler sees them) and hands
/// each request to its handler.
public struct DeviceGateway: Service {
    private let settings: GatewaySettings
    private let handler: any GatewayHandler
    private let logger: Logger
    private let onListening: @Sendable (Int) -> Void

    public init(settings: GatewaySettings, handler: any GatewayHandler, logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.settings = settings
        self.handler = handler
        var logger = logger
        logger[metadataKey: "component"] = "gateway"
        self.logger = logger
        self.onListening = onListening
    }

    /// The paths drivers' firmware fixes (ZKTeco's `/iclock/…` and their `.aspx` twins), as the routes know them.
    static let fixedPaths = GatewayRoutes.fixedRoutes.keys.sorted()

    public func run() async throws {
        let router = Router(context: GatewayContext.self)
        router.on("/devices/{device}/events", method: .post) { request, context in await handle(request, context) }
        router.on("/devices/{device}/events", method: .put) { request, context in await handle(request, context) }
        for path in Self.fixedPaths {
            router.on(RouterPath(path), method: .get) { request, context in await handle(request, context) }
            router.on(RouterPath(path), method: .post) { request, context in await handle(request, context) }
            UndeclaredMethods.refuse(on: router, path: path, allowed: [.get, .post])
        }
        UndeclaredMethods.refuse(on: router, path: "/devices/{device}/events", allowed: [.post, .put])
        let logger = self.logger
        let onListening = self.onListening
        let budget = ConnectionBudget(total: settings.maxConnections, perAddress: settings.maxConnectionsPerAddress)
        let requestTimeout = TimeAmount.seconds(Int64(settings.requestTimeoutSeconds))
        let guardLogger = logger
        let http = HTTP1Channel.Configuration(
            additionalChannelHandlers: [ConnectionGuard(budget: budget, requestTimeout: requestTimeout, logger: guardLogger)],
            idleTimeout: .seconds(Int64(settings.requestTimeoutSeconds) * 2))
        let server: HTTPServerBuilder
        if let certFile = settings.tlsCertFile, let keyFile = settings.tlsKeyFile {
            var tls = TLSConfiguration.makeServerConfiguration(
                certificateChain: try NIOSSLCertificate.fromPEMFile(certFile).map { .certificate($0) },
                privateKey: .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem)))
            tls.minimumTLSVersion = .tlsv12
            server = try .tls(.http1(configuration: http), tlsConfiguration: tls)
        } else {
            server = .http1(configuration: http)
        }
        let app = Application(
            router: router,
            server: server,
            configuration: .init(address: .hostname(settings.host, port: settings.port), serverName: "laneagent"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("device gateway listening", metadata: ["port": "\(port)"])
                onListening(port)
            },
            logger: logger)
        try await app.run()
    }

    private func handle(_ request: Request, _ context: GatewayContext) async -> Response {
        if let refusal = handler.refusal(before: Self.deviceRequest(request, body: ByteBuffer()), source: context.sourceAddress) {
            return Self.response(refusal)
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: settings.maxBodyBytes) } catch {
            logger.warning("refused an oversize body", metadata: ["path": "\(request.uri.path)", "source": "\(context.sourceAddress)", "limit": "\(settings.maxBodyBytes)"])
            return Self.response(.message(413, "the body is larger than [http] max_body_kb (\(settings.maxBodyBytes / 1024) KB)"))
        }
        return Self.response(await handler.handle(Self.deviceRequest(request, body: body), source: context.sourceAddress))
    }

    /// The request as drivers see it.
    static func deviceRequest(_ request: Request, body: ByteBuffer) -> DeviceRequest {
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters where query[String(name)] == nil {
            query[String(name)] = String(value).removingPercentEncoding ?? String(value)
        }
        var headers: [String: String] = [:]
        for field in request.headers where headers[field.name.canonicalName] == nil { headers[field.name.canonicalName] = field.value }
        return DeviceRequest(method: request.method.rawValue, path: request.uri.path, query: query, headers: headers,
                             body: Array(body.readableBytesView), time: .now())
    }

    static func response(_ reply: EventReply) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = reply.contentType
        for (name, value) in reply.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        return Response(status: .init(code: reply.status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: reply.body)))
    }
}
