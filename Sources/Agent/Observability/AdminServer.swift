import Foundation
import HTTPServing
import HTTPTypes
import Hummingbird
import Journal
import LaneModel
import Logging
import NIOCore
import ServiceLifecycle

/// The admin HTTP server on `[http] admin_listen`: the lane status page at `/`, Prometheus
/// metrics at `/metrics`, `/healthz` (the process answers) and `/readyz` (journal open, lanes
/// running, disk above `min_free_mb`; 503 otherwise). Every answer is read from the live state
/// at request time; `/readyz` tells a running lane from a hung one by the heartbeats `health`
/// sends (run as a service of its own), whether or not systemd's watchdog is on.
public struct AdminServer: Service {
    private let address: ListenAddress
    private let config: AgentConfig
    private let health: DaemonHealth
    private let monitors: DaemonMonitors
    private let metrics: DaemonMetrics
    private let activity: AsyncStream<LaneActivity>
    private let logger: Logger
    private let onListening: @Sendable (Int) -> Void

    /// Follows the lanes' decisions from now on (so none made before `run` is missed) and
    /// measures the journal's appends.
    public init(address: ListenAddress, config: AgentConfig, health: DaemonHealth, monitors: DaemonMonitors,
                metrics: DaemonMetrics = DaemonMetrics(), logger: Logger, onListening: @escaping @Sendable (Int) -> Void = { _ in }) {
        self.address = address
        self.config = config
        self.health = health
        self.monitors = monitors
        self.metrics = metrics
        activity = health.lanes.activity.follow()
        metrics.observeAppends(to: health.journal)
        var logger = logger
        logger[metadataKey: "component"] = "admin"
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let (config, health, monitors, metrics) = (self.config, self.health, self.monitors, self.metrics)
        let snapshot = { @Sendable in DaemonSnapshot.take(config: config, health: health, monitors: monitors) }
        let router = Router(context: BasicRequestContext.self)
        router.get("/") { _, _ in Self.response(200, "text/html; charset=utf-8", Array(StatusPage(snapshot()).html.utf8)) }
        router.get("/metrics") { _, _ in
            Self.response(200, "text/plain; version=0.0.4; charset=utf-8", metrics.exposition(snapshot(), lanes: health.lanes.runners))
        }
        router.get("/healthz") { _, _ in
            Self.json(200, ["status": "ok", "device": .string(config.agent.device), "version": .string(LaneAgentVersion.current)])
        }
        router.get("/readyz") { _, _ in
            let report = ReadinessReport(snapshot())
            return Self.json(report.ready ? 200 : 503, report.jsonValue)
        }
        for path in ["/", "/metrics", "/healthz", "/readyz"] { UndeclaredMethods.refuse(on: router, path: path, allowed: [.get]) }
        let (logger, onListening, addressText, host) = (self.logger, self.onListening, address.text, address.hostText)
        // With port 0 (tests) the kernel picks the port: the log says which.
        let url = { @Sendable (port: Int) in "http://\(host):\(port)/" }
        let listening = ListeningFlag()
        let app = Application(
            router: router,
            configuration: .init(address: .hostname(address.host, port: address.port), serverName: "laneagent-admin"),
            onServerRunning: { channel in
                listening.set()
                let port = channel.localAddress?.port ?? 0
                logger.notice("admin server listening", metadata: ["address": "\(addressText)", "port": "\(port)", "url": "\(url(port))"])
                onListening(port)
            },
            logger: logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { await monitors.crossings.follow(activity) }
            defer { group.cancelAll() }
            do { try await app.run() } catch {
                // After a clean start, a failure is the server's own; before it, the address was refused.
                guard !listening.isSet else { throw error }
                throw AdminServerError.cannotListen(address: addressText, reason: "\(error)")
            }
        }
    }

    static func json(_ status: Int, _ value: JSONValue) -> Response {
        var bytes = CanonicalJSON.encode(value)
        bytes.append(0x0A)
        return response(status, "application/json", bytes)
    }

    static func response(_ status: Int, _ contentType: String, _ body: [UInt8]) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        // A status page must never be served stale by a proxy or the browser's back button.
        headers[.cacheControl] = "no-store"
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
