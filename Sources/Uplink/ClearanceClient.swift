import AsyncHTTPClient
import ClearanceProtocol
import Foundation
import NIOCore
import NIOHTTP1
import NIOSSL

/// One HTTP exchange with the clearance service, body collected.
public struct ClearanceResponse: Sendable {
    public let status: Int
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    /// The base URL of the receiver that answered.
    public var receiver = ""
    /// Set on a 502, 503 or 504 after every receiver URL gave one in a row: the wait before the
    /// next attempt the route decided (a backoff, at least the `Retry-After`).
    public var failoverWait: Duration?

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// HTTP(S) to the clearance service over async-http-client, with the site's CA and the
/// device's client certificate for mutual TLS. Every request goes to the URL `route` chooses and,
/// when that receiver cannot be reached or answers 502/503/504, to the next one at once; the
/// receivers share one store and every request is idempotent, so resending elsewhere is safe.
public final class ClearanceClient: Sendable {
    public let settings: UplinkSettings
    /// The receiver choice, shared with the board's other clients when they are given the same route.
    public let route: ReceiverRoute
    private let client: HTTPClient

    /// Loads the TLS material named in `settings`; a missing or unreadable file is a usage error.
    /// Without `route`, the client follows its own.
    public init(settings: UplinkSettings, route: ReceiverRoute? = nil) throws(UplinkError) {
        self.settings = settings
        self.route = route ?? ReceiverRoute(settings: settings)
        var configuration = HTTPClient.Configuration(
            timeout: .init(connect: .seconds(10), read: .seconds(Int64(settings.requestTimeoutSeconds))))
        configuration.connectionPool = .init(idleTimeout: .seconds(30))
        if settings.isTLS {
            configuration.tlsConfiguration = try Self.tlsConfiguration(settings)
        }
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
    }

    /// The client TLS configuration: trust only the configured CA; present the device certificate.
    public static func tlsConfiguration(_ settings: UplinkSettings) throws(UplinkError) -> TLSConfiguration {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.minimumTLSVersion = .tlsv12
        if let caFile = settings.caFile {
            do {
                let roots = try NIOSSLCertificate.fromPEMFile(caFile)
                guard !roots.isEmpty else { throw UplinkError.tlsMaterial(caFile, "ca_file", "it holds no PEM certificate") }
                tls.trustRoots = .certificates(roots)
            } catch let error as UplinkError { throw error } catch {
                throw .tlsMaterial(caFile, "ca_file", "\(error)")
            }
        }
        if let certFile = settings.certFile {
            do {
                let chain = try NIOSSLCertificate.fromPEMFile(certFile)
                guard !chain.isEmpty else { throw UplinkError.tlsMaterial(certFile, "cert_file", "it holds no PEM certificate") }
                tls.certificateChain = chain.map { .certificate($0) }
            } catch let error as UplinkError { throw error } catch {
                throw .tlsMaterial(certFile, "cert_file", "\(error)")
            }
        }
        if let keyFile = settings.keyFile {
            do {
                tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: keyFile, format: .pem))
            } catch {
                throw .tlsMaterial(keyFile, "key_file", "\(error)")
            }
        }
        return tls
    }

    /// Sends one gzip NDJSON batch; `backlog`, the records still unsent after it, goes along for central's fleet view.
    public func postBatch(_ body: [UInt8], idempotencyKey: IdempotencyKey, backlog: Int? = nil, timeout: Duration? = nil) async throws -> ClearanceResponse {
        try await send("v1/records:batch", timeout: timeout) { url in
            var request = HTTPClientRequest(url: url)
            request.method = .POST
            request.headers.add(name: "Content-Type", value: "application/x-ndjson")
            request.headers.add(name: "Content-Encoding", value: "gzip")
            request.headers.add(name: "Idempotency-Key", value: idempotencyKey.description)
            if let backlog { request.headers.add(name: "LaneAgent-Backlog", value: String(max(0, backlog))) }
            request.body = .bytes(ByteBuffer(bytes: body))
            return request
        }
    }

    /// PUTs one evidence file (`v1/evidence/{sha256}`) for `device`.
    public func putEvidence(_ sha256: String, bytes: [UInt8], device: String) async throws -> ClearanceResponse {
        try await send("v1/evidence/\(sha256)") { url in
            var request = HTTPClientRequest(url: url)
            request.method = .PUT
            request.headers.add(name: "Content-Type", value: "application/octet-stream")
            request.headers.add(name: "LaneAgent-Device", value: device)
            request.body = .bytes(ByteBuffer(bytes: bytes))
            return request
        }
    }

    /// GETs a contract path such as `v1/devices/D`.
    public func get(_ path: String) async throws -> ClearanceResponse {
        try await send(path) { url in
            var request = HTTPClientRequest(url: url)
            request.method = .GET
            return request
        }
    }

    /// Statuses that mean this receiver (or the proxy in front of it) cannot serve now.
    static let unavailableStatuses: Set<Int> = [502, 503, 504]

    /// Sends the request `build` makes for `path` at the URL the route chooses, moving on to the
    /// next URL while the route says to try it at once. Each attempt may take
    /// `request_timeout_seconds` (a receiver that swallows packets must not eat the next one's
    /// time); `timeout` bounds the whole call.
    private func send(_ path: String, timeout: Duration? = nil, _ build: (String) -> HTTPClientRequest) async throws -> ClearanceResponse {
        let deadline = timeout.map { ContinuousClock.now + max($0, .milliseconds(100)) }
        let attempts = 2 * route.urls.count
        // Each URL once, twice over when other requests move the route meanwhile.
        for attempt in 1...attempts {
            let (index, base) = route.choose()
            var limit = Duration.seconds(settings.requestTimeoutSeconds)
            if let deadline { limit = min(limit, max(deadline - ContinuousClock.now, .milliseconds(100))) }
            var response: ClearanceResponse
            do {
                response = try await execute(build(base + path), timeout: limit)
            } catch {
                // A cancelled request (a batch sent ahead and dropped) says nothing about the receiver.
                if Task.isCancelled { throw error }
                let detail = Uploader.describe(error)
                let next = route.failed(index, .unreachable, problem: detail)
                if next.wait > .zero || attempt == attempts || deadline.map({ ContinuousClock.now >= $0 }) == true {
                    throw ReceiverUnavailable(url: base, detail: detail, wait: next.wait)
                }
                continue
            }
            response.receiver = base
            guard Self.unavailableStatuses.contains(response.status) else {
                route.answered(index)
                return response
            }
            let retryAfter = response.header("Retry-After").flatMap { RetryAfter.delay($0) }.map { min($0, BatchAnswer.longestWait) }
            let next = route.failed(index, .unavailable(retryAfter: retryAfter), problem: "\(base): HTTP \(response.status)")
            if next.wait > .zero || attempt == attempts || deadline.map({ ContinuousClock.now >= $0 }) == true {
                response.failoverWait = next.wait
                return response
            }
        }
        // Not reached: the last attempt returns or throws.
        throw ReceiverUnavailable(url: route.inUse, detail: "no receiver tried", wait: .zero)
    }

    private func execute(_ request: HTTPClientRequest, timeout limit: Duration) async throws -> ClearanceResponse {
        let (seconds, attoseconds) = limit.components
        let amount = TimeAmount.nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
        let response = try await client.execute(request, timeout: amount)
        let body = try await response.body.collect(upTo: 64 * 1024 * 1024)
        return ClearanceResponse(status: Int(response.status.code),
                                 headers: response.headers.map { ($0.name, $0.value) },
                                 body: Array(body.readableBytesView))
    }

    /// Closes connections; call once when done.
    public func shutdown() async {
        try? await client.shutdown()
    }
}
