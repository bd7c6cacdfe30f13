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

    /// The first value of header `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }
}

/// HTTP(S) to the clearance service over async-http-client, with the site's CA and the
/// device's client certificate for mutual TLS.
public final class ClearanceClient: Sendable {
    public let settings: UplinkSettings
    private let client: HTTPClient

    /// Loads the TLS material named in `settings`; a missing or unreadable file is a usage error.
    public init(settings: UplinkSettings) throws(UplinkError) {
        self.settings = settings
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

    /// Sends one gzip NDJSON batch.
    public func postBatch(_ body: [UInt8], idempotencyKey: IdempotencyKey, timeout: Duration? = nil) async throws -> ClearanceResponse {
        var request = HTTPClientRequest(url: settings.url("v1/records:batch"))
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-ndjson")
        request.headers.add(name: "Content-Encoding", value: "gzip")
        request.headers.add(name: "Idempotency-Key", value: idempotencyKey.description)
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request, timeout: timeout)
    }

    /// PUTs one evidence file (`v1/evidence/{sha256}`) for `device`.
    public func putEvidence(_ sha256: String, bytes: [UInt8], device: String) async throws -> ClearanceResponse {
        var request = HTTPClientRequest(url: settings.url("v1/evidence/\(sha256)"))
        request.method = .PUT
        request.headers.add(name: "Content-Type", value: "application/octet-stream")
        request.headers.add(name: "LaneAgent-Device", value: device)
        request.body = .bytes(ByteBuffer(bytes: bytes))
        return try await send(request)
    }

    /// GETs a contract path such as `v1/devices/D`.
    public func get(_ path: String) async throws -> ClearanceResponse {
        var request = HTTPClientRequest(url: settings.url(path))
        request.method = .GET
        return try await send(request)
    }

    private func send(_ request: HTTPClientRequest, timeout: Duration? = nil) async throws -> ClearanceResponse {
        var limit = Duration.seconds(settings.requestTimeoutSeconds)
        if let timeout { limit = min(limit, max(timeout, .milliseconds(100))) }
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
