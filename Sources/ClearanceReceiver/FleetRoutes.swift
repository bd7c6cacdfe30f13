import Hummingbird
import LaneModel
import NIOCore

/// The operations centre's reads: `GET /v1/fleet` (JSON), `GET /fleet` (the page) and `GET /metrics`.
extension ReceiverServer {
    /// Every board's summary, as JSON or as the page; 503 while the store is away.
    func fleet(html: Bool) async -> Response {
        let summaries: [DeviceSummary]
        do { summaries = try await store.fleet() } catch {
            logger.error("cannot read the fleet", metadata: ["error": "\(error)"])
            return Self.storeUnavailable("could not read the fleet")
        }
        let now = Timestamp.now()
        if html {
            let page = FleetPage(summaries, instance: options.instance, now: now).html
            return Response(status: .ok, headers: [.contentType: "text/html; charset=utf-8"], body: .init(byteBuffer: ByteBuffer(string: page)))
        }
        let devices = summaries.sorted { $0.device < $1.device }.map(\.jsonValue)
        return Self.json(200, ["instance": .string(options.instance), "time": .string(now.rfc3339), "devices": .array(devices)])
    }

    /// The Prometheus text of this instance; the device count is left out while the store is away.
    func metricsText() async -> Response {
        let devices = try? await store.fleet().count
        return Response(status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
                        body: .init(byteBuffer: ByteBuffer(bytes: metrics.exposition(devices: devices))))
    }
}
