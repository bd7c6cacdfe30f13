import HTTPTypes
import Hummingbird
import LaneModel
import Prometheus

/// This receiver instance's Prometheus metrics (`GET /metrics`), in one registry it owns:
/// nothing is bootstrapped globally, so several receivers in one test process stay apart.
/// Every label value comes from a fixed set (route templates, status codes, the contract's
/// error codes), never from what a client sent.
public final class ReceiverMetrics: Sendable {
    public let registry: PrometheusCollectorRegistry

    /// A batch is stored in milliseconds on a healthy disk or database, seconds when it is struggling.
    static let durationBuckets: [Duration] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000, 10000].map { .milliseconds($0) }

    public init(instance: String, registry: PrometheusCollectorRegistry = PrometheusCollectorRegistry()) {
        self.registry = registry
        registry.makeGauge(descriptor: Self.name("info", "", "Always 1; the receiver's --instance is its label"), labels: [("instance", instance)]).set(Double(1))
    }

    /// A batch answered: `accepted`, or the contract's error code it was refused with.
    func batch(_ result: String, records: Int = 0) {
        registry.makeCounter(descriptor: Self.name("batches", "total", "Batches answered, by result: accepted or the error code of the refusal"),
                             labels: [("result", result)]).increment()
        guard records > 0 else { return }
        registry.makeCounter(descriptor: Self.name("records_accepted", "total", "Records in accepted batches (records resent and already held included)"))
            .increment(by: Int64(records))
    }

    /// Time the store took to apply one batch (its transaction, the fleet summary included).
    func stored(after duration: Duration) {
        registry.makeDurationHistogram(descriptor: Self.name("store_latency", "seconds", "Time to store one batch in its transaction"), labels: [],
                                       buckets: Self.durationBuckets).record(duration)
    }

    /// One request answered on `route` (the route's template, so `/v1/devices/{device}`) with `status`.
    func request(route: String, status: HTTPResponse.Status, duration: Duration) {
        registry.makeCounter(descriptor: Self.name("requests", "total", "Requests answered, by route and status (503s: busy or the store away)"),
                             labels: [("route", route), ("status", String(status.code))]).increment()
        registry.makeDurationHistogram(descriptor: Self.name("request_duration", "seconds", "Time to answer a request, by route"),
                                       labels: [("route", route)], buckets: Self.durationBuckets).record(duration)
    }

    /// The text exposition, with `devices` (boards that have uploaded) when the store could say.
    func exposition(devices: Int?) -> [UInt8] {
        let known = registry.makeGauge(descriptor: Self.name("devices", "", "Boards with a fleet summary in the store (absent while it is away)"))
        if let devices { known.set(Double(devices)) }
        return registry.emitToBuffer()
    }

    static func name(_ metric: String, _ unit: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(namespace: "clearance", subsystem: "receiver", metricName: metric, unitName: unit, helpText: help)
    }
}

/// Counts and times every routed request for `ReceiverMetrics`.
struct ReceiverMetricsMiddleware: RouterMiddleware {
    typealias Context = ReceiverRequestContext
    let metrics: ReceiverMetrics

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let clock = ContinuousClock()
        let start = clock.now
        do {
            let response = try await next(request, context)
            metrics.request(route: context.endpointPath ?? "unmatched", status: response.status, duration: clock.now - start)
            return response
        } catch {
            let status = (error as? any HTTPResponseError)?.status ?? .internalServerError
            metrics.request(route: context.endpointPath ?? "unmatched", status: status, duration: clock.now - start)
            throw error
        }
    }
}
