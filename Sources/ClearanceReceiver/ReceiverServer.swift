import ClearanceProtocol
import ConnectionLimits
import Dispatch
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
import Synchronization

/// `clearance-receiver serve`: the contract's HTTP side (deploy/openapi/clearance-v1.yaml).
public struct ReceiverServer: Sendable {
    public let options: ReceiverOptions
    let store: any ReceiverStorage
    private let verifier: BatchVerifier
    private let references: ReferenceDirectory
    let logger: Logger
    private let gate: BatchGate
    private let order = BatchOrder()
    private let registry: DeviceRegistry
    private let vault: EvidenceVault
    let metrics: ReceiverMetrics

    /// Serves `store`, or without one the SQLite file in `options.dataDirectory`.
    public init(options: ReceiverOptions, logger: Logger, store: (any ReceiverStorage)? = nil) throws(ReceiverError) {
        self.options = options
        self.logger = logger
        let registry = try DeviceRegistry.load(path: options.registryPath)
        self.registry = registry
        vault = EvidenceVault(dataDirectory: options.dataDirectory)
        verifier = BatchVerifier(registry: registry)
        if let store {
            self.store = store
        } else {
            self.store = try SQLiteReceiverStore(directory: options.dataDirectory)
        }
        references = ReferenceDirectory(dataDirectory: options.dataDirectory)
        gate = BatchGate(limit: options.maxConcurrentBatches)
        metrics = ReceiverMetrics(instance: options.instance)
        logger.info("registry loaded", metadata: ["devices": "\(registry.count)", "file": "\(options.registryPath)"])
    }

    /// Serves until SIGTERM or SIGINT; `onListening` gets the bound port (useful with port 0).
    public func run(onListening: @escaping @Sendable (Int) -> Void = { _ in }) async throws {
        let router = self.router()
        if openReads {
            logger.notice("reads are open to every caller: no --reader-tokens, and listening on loopback only")
        }
        let logger = self.logger
        let budget = ConnectionBudget(total: options.maxConnections, perAddress: options.maxConnectionsPerAddress)
        let timeout = TimeAmount.seconds(Int64(options.requestTimeoutSeconds))
        let http = HTTP1Channel.Configuration(additionalChannelHandlers: [ConnectionGuard(budget: budget, requestTimeout: timeout, logger: logger)],
                                              idleTimeout: timeout)
        let server: HTTPServerBuilder
        if let tls = try tlsConfiguration() {
            server = try .tls(.http1(configuration: http), tlsConfiguration: tls)
        } else {
            server = .http1(configuration: http)
        }
        let app = Application(
            router: router, server: server,
            configuration: .init(address: .hostname(options.host, port: options.port), serverName: "clearance-receiver"),
            onServerRunning: { channel in
                let port = channel.localAddress?.port ?? 0
                logger.notice("listening", metadata: ["port": "\(port)"])
                onListening(port)
            },
            logger: logger)
        do { try await app.runService() } catch {
            await store.close()
            throw error
        }
        await store.close()
    }

    /// Closes the store, for a server whose routes were driven without `run` (which closes it itself).
    public func close() async { await store.close() }

    /// The contract's routes, without a server: `run` serves them, and tests drive them in
    /// process (HummingbirdTesting's router mode).
    public func router() -> Router<ReceiverRequestContext> {
        let router = Router(context: ReceiverRequestContext.self)
        router.add(middleware: ReceiverMetricsMiddleware(metrics: metrics))
        router.post("/v1/records:batch") { request, context in await self.uploadBatch(request, caller: await self.caller(request, context)) }
        router.get("/v1/devices/{device}") { request, context in
            let device = context.parameters.get("device") ?? ""
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: device) { return refused }
            return await self.deviceState(device)
        }
        router.get("/v1/devices/{device}/records") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return await self.listRecords(context.parameters.get("device") ?? "", request: request)
        }
        router.get("/v1/feed") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return await self.feed(request)
        }
        router.put("/v1/evidence/{sha256}") { request, context in
            await self.putEvidence(request, sha256: context.parameters.get("sha256") ?? "", caller: await self.caller(request, context))
        }
        router.get("/v1/evidence/{sha256}") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return self.getEvidence(context.parameters.get("sha256") ?? "")
        }
        router.get("/v1/reference/{site}") { request, context in
            let site = context.parameters.get("site") ?? ""
            if let refused = self.refuseReference(await self.caller(request, context), site: site) { return refused }
            return self.reference(site)
        }
        router.get("/v1/fleet") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return await self.fleet(html: false)
        }
        router.get("/fleet") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return await self.fleet(html: true)
        }
        router.get("/metrics") { request, context in
            if let refused = self.refuseRead(await self.caller(request, context), ownDevice: nil) { return refused }
            return await self.metricsText()
        }
        router.get("/v1/health") { _, _ in
            Self.json(200, ["status": "ok", "time": .string(Timestamp.now().rfc3339)])
        }
        for (path, allowed) in [("/v1/records:batch", [HTTPRequest.Method.post]), ("/v1/devices/{device}", [.get]), ("/v1/devices/{device}/records", [.get]),
                                ("/v1/feed", [.get]), ("/v1/evidence/{sha256}", [.get, .put]), ("/v1/reference/{site}", [.get]),
                                ("/v1/health", [.get]), ("/v1/fleet", [.get]), ("/fleet", [.get]), ("/metrics", [.get])] {
            UndeclaredMethods.refuse(on: router, path: path, allowed: allowed)
        }
        return router
    }

    private func tlsConfiguration() throws(ReceiverError) -> TLSConfiguration? {
        guard let certFile = options.tlsCertFile, let keyFile = options.tlsKeyFile else {
            if options.tlsCertFile != nil || options.tlsKeyFile != nil || options.clientCAFile != nil {
                throw .usage("--tls-cert and --tls-key go together (and --client-ca needs both)")
            }
            return nil
        }
        let chain: [NIOSSLCertificate]
        let key: NIOSSLPrivateKey
        do { chain = try NIOSSLCertificate.fromPEMFile(certFile) } catch { throw .tls(certFile, "\(error)") }
        do { key = try NIOSSLPrivateKey(file: keyFile, format: .pem) } catch { throw .tls(keyFile, "\(error)") }
        var tls = TLSConfiguration.makeServerConfiguration(certificateChain: chain.map { .certificate($0) }, privateKey: .privateKey(key))
        tls.minimumTLSVersion = .tlsv12
        if let caFile = options.clientCAFile {
            do { tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(caFile)) } catch { throw .tls(caFile, "\(error)") }
            // Mutual TLS: a client without a certificate from this CA is refused in the handshake.
            tls.certificateVerification = .noHostnameVerification
        }
        return tls
    }

    // MARK: Identity

    /// Who sent `request`.
    private func caller(_ request: Request, _ context: ReceiverRequestContext) async -> ReceiverCaller {
        await ReceiverCaller.identify(request.head, channel: context.channel, readerTokenHashes: options.readerTokenHashes)
    }

    /// Reads are open to anyone only on a loopback-only receiver with no reader tokens (tests,
    /// the demo, a technician's bench); anywhere else they are the reader role's.
    var openReads: Bool { options.readerTokenHashes.isEmpty && ReceiverOptions.isLoopback(options.host) }

    /// nil when `caller` may read; otherwise the refusal. A board may read its own device's
    /// state (`ownDevice`: `diag uplink` asks it), never records or evidence.
    private func refuseRead(_ caller: ReceiverCaller, ownDevice: String?) -> Response? {
        switch caller {
        case .reader: return nil
        case .device(let name) where name == ownDevice: return nil
        case _ where openReads: return nil
        case .device(let name):
            return Self.json(403, ["error": "forbidden",
                                   "message": .string("""
                                       the client certificate of device \(name) may upload, not read; reading records and evidence is for \
                                       the reader role (Authorization: Bearer, --reader-tokens)
                                       """)])
        case .anonymous:
            return Self.json(401, ["error": "unauthenticated",
                                   "message": """
                                       reading records and evidence needs the reader role: Authorization: Bearer <token> whose SHA-256 is \
                                       in --reader-tokens
                                       """], extra: [("WWW-Authenticate", "Bearer")])
        }
    }

    /// nil when `caller` may fetch `site`'s reference data (watchlists are not for every board):
    /// the reader role, a board registered at that site (or registered without one), or, on a
    /// receiver without client certificates, anyone (nothing tells boards apart there).
    private func refuseReference(_ caller: ReceiverCaller, site: String) -> Response? {
        switch caller {
        case .reader: return nil
        case .device(let name):
            guard let entry = registry.entry(for: name) else {
                return Self.json(403, ["error": "forbidden", "message": .string("the client certificate names \(name), which is not registered")])
            }
            guard let registered = entry.site, registered != site else { return nil }
            return Self.json(403, ["error": "forbidden", "message": .string("device \(name) is registered at site \(registered), not \(site)")])
        case .anonymous:
            return options.clientCAFile == nil ? nil : Self.json(403, ["error": "forbidden", "message": "reference data needs a device certificate or the reader role"])
        }
    }

    /// nil when `caller` may write as `device`; otherwise the refusal. Under mutual TLS the
    /// certificate's common name must be the device the request speaks for.
    private func refuseWrite(_ caller: ReceiverCaller, as device: String) -> Response? {
        guard options.clientCAFile != nil else { return nil }
        switch caller {
        case .device(let name) where name == device: return nil
        case .device(let name):
            logger.warning("refused a write for another device", metadata: ["certificate": "\(name)", "device": "\(device)"])
            return Self.json(403, ["error": "identity-mismatch", "message": .string("the client certificate is device \(name)'s; it may not write for \(device)")])
        case .reader, .anonymous:
            return Self.json(403, ["error": "identity-mismatch", "message": .string("writing for \(device) needs a client certificate whose common name is \(device)")])
        }
    }

    // MARK: Handlers

    func uploadBatch(_ request: Request, caller: ReceiverCaller) async -> Response {
        let contentType = request.headers[.contentType] ?? ""
        guard contentType.lowercased().hasPrefix("application/x-ndjson") else {
            return reject(.unsupportedMediaType(message: "Content-Type must be application/x-ndjson, not \(contentType.isEmpty ? "(none)" : contentType)"), device: "?", seq: 0)
        }
        guard (request.headers[.contentEncoding] ?? "").lowercased() == "gzip" else {
            return reject(.unsupportedMediaType(message: "Content-Encoding must be gzip"), device: "?", seq: 0)
        }
        let keyText = request.headers[HTTPField.Name("Idempotency-Key")!] ?? ""
        guard let key = IdempotencyKey(keyText) else {
            let shown = keyText.count > 100 ? String(keyText.prefix(100)) + "…" : keyText
            return reject(.badBatch(reason: .badRequest, seq: 0,
                                    message: """
                                        Idempotency-Key \"\(shown)\" must be <device>:<firstSeq>-<lastSeq> naming at most \
                                        \(IdempotencyKey.maximumRecords) records
                                        """), device: "?", seq: 0)
        }
        // Identity before memory: an unregistered device's body, or one sent under another
        // device's certificate, is never read.
        guard registry.entry(for: key.device) != nil else {
            return reject(.unknownDevice(device: key.device,
                                         message: """
                                             device \(key.device) is not in the receiver's registry; register its `laneagent keys \
                                             show --json` line
                                             """), device: key.device, seq: key.firstSeq)
        }
        if let refused = refuseWrite(caller, as: key.device) { return refused }
        // The gate before the body: at most maxConcurrentBatches bodies are held or inflated
        // at once, however many uploads arrive.
        guard gate.enter() else {
            logger.warning("busy; asked the client to retry", metadata: ["device": "\(key.device)", "batch": "\(key)"])
            metrics.batch("unavailable")
            return Self.json(503, ["error": "unavailable", "message": "too many batches in progress; retry after 1 s"], extra: [("Retry-After", "1")])
        }
        defer { gate.leave() }
        order.begin(key)
        defer { order.end(key) }
        var request = request
        let compressed: ByteBuffer
        do { compressed = try await request.collectBody(upTo: options.maxBodyBytes) } catch {
            return reject(.tooLarge(limitBytes: options.maxBodyBytes), device: key.device, seq: key.firstSeq)
        }
        let ndjson: [UInt8]
        do {
            ndjson = try Gzip.decompress(Array(compressed.readableBytesView), limit: options.maxBodyBytes)
        } catch .tooLarge {
            return reject(.tooLarge(limitBytes: options.maxBodyBytes), device: key.device, seq: key.firstSeq)
        } catch {
            return reject(.badBatch(reason: .badGzip, seq: key.firstSeq, message: "the body is \(error)"), device: key.device, seq: key.firstSeq)
        }
        order.arrived(key)
        switch await verifier.verify(ndjson: ndjson, key: key) {
        case .failure(let reply):
            return reject(reply, device: key.device, seq: key.firstSeq)
        case .success(let records):
            // The client's second batch in flight may have overtaken its first: store after it.
            await order.waitForEarlier(than: key, limit: .seconds(30), arrivingLimit: .seconds(10))
            let upload = UploadFacts(instance: options.instance, backlog: Self.backlog(request.headers[HTTPField.Name("LaneAgent-Backlog")!]))
            let result: Result<BatchReply, ReceiverError>
            let started = ContinuousClock.now
            do throws(ReceiverError) { result = .success(try await store.ingest(device: key.device, records: records, upload: upload, now: .now())) } catch {
                result = .failure(error)
            }
            metrics.stored(after: ContinuousClock.now - started)
            switch result {
            case .success(let reply) where reply.status == 200:
                let issuer = ReceiptIssuer(key: options.receiptKey, instance: options.instance)
                guard let receipted = issuer.receipted(reply, now: .now(), hashOf: { seq in records.last { $0.seq == seq }?.payloadHash }) else {
                    logger.error("the store acknowledged a seq the batch did not carry; no receipt", metadata: ["batch": "\(key)"])
                    return Self.json(503, ["error": "unavailable", "message": "the receiver could not sign a receipt; retry later"], extra: [("Retry-After", "5")])
                }
                logger.debug("batch stored", metadata: ["batch": "\(key)"])
                metrics.batch("accepted", records: records.count)
                return Self.json(200, receipted.jsonValue)
            case .success(let reply):
                return reject(reply, device: key.device, seq: key.firstSeq)
            case .failure(let error):
                logger.error("cannot store batch", metadata: ["batch": "\(key)", "error": "\(error)"])
                metrics.batch("unavailable")
                return Self.storeUnavailable("could not store the batch")
            }
        }
    }

    /// `PUT /v1/evidence/{sha256}`: idempotent; the body must hash to the name.
    func putEvidence(_ request: Request, sha256: String, caller: ReceiverCaller) async -> Response {
        guard EvidenceVault.isHash(sha256) else {
            return Self.json(400, ["error": "bad-request", "message": .string("\(sha256) is not a lower-case hex SHA-256")])
        }
        let device = request.headers[HTTPField.Name("LaneAgent-Device")!] ?? ""
        guard registry.entry(for: device) != nil else {
            return Self.json(403, ["error": "unknown-device", "message": .string("LaneAgent-Device \"\(device)\" is not in the registry")])
        }
        if let refused = refuseWrite(caller, as: device) { return refused }
        // A device stores only evidence its own signed records name (they are uploaded first).
        do {
            guard try await store.names(device: device, evidence: sha256) else {
                return Self.json(403, ["error": "not-referenced", "message": .string("no record of device \(device) held here names evidence \(sha256); upload the record first")])
            }
        } catch {
            logger.error("cannot check an evidence reference", metadata: ["sha256": "\(sha256)", "error": "\(error)"])
            return Self.storeUnavailable("could not check the evidence reference")
        }
        var request = request
        let body: ByteBuffer
        do { body = try await request.collectBody(upTo: options.maxBodyBytes) } catch {
            return Self.json(413, ["error": "too-large", "message": "the evidence file exceeds the receiver's limit", "limitBytes": .number(Double(options.maxBodyBytes))])
        }
        let vault = self.vault
        let bytes = Array(body.readableBytesView)
        switch await BlockingWork.run({ vault.put(sha256, bytes: bytes) }) {
        case .created:
            logger.debug("evidence stored", metadata: ["device": "\(device)", "sha256": "\(sha256)", "size": "\(bytes.count)"])
            return Self.json(201, ["sha256": .string(sha256), "size": .number(Double(bytes.count))])
        case .alreadyHeld:
            return Self.json(200, ["sha256": .string(sha256), "size": .number(Double(bytes.count))])
        case .mismatch(let actual):
            return Self.json(422, ["error": "hash-mismatch", "message": .string("the body hashes to \(actual), not \(sha256)")])
        case .failed(let reason):
            logger.error("cannot store evidence", metadata: ["sha256": "\(sha256)", "error": "\(reason)"])
            return Self.json(503, ["error": "unavailable", "message": "the receiver could not store the file; retry later"], extra: [("Retry-After", "5")])
        }
    }

    func getEvidence(_ sha256: String) -> Response {
        guard EvidenceVault.isHash(sha256), let bytes = vault.get(sha256) else {
            return Self.json(404, ["error": "not-found", "message": .string("no evidence \(sha256)")])
        }
        return Response(status: .ok, headers: [.contentType: "application/octet-stream"], body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    private func reject(_ reply: BatchReply, device: String, seq: Int) -> Response {
        let body = reply.jsonValue
        let reason: String = if case .string(let error)? = body["error"] { error } else { "error" }
        let at = body["seq"]?.integerValue ?? body["expectedSeq"]?.integerValue ?? seq
        logger.warning("batch rejected", metadata: ["device": "\(device)", "seq": "\(at)", "reason": "\(reason)", "status": "\(reply.status)"])
        metrics.batch(reason)
        return Self.json(reply.status, body)
    }

    func deviceState(_ device: String) async -> Response {
        guard verifier.registry.entry(for: device) != nil else {
            return Self.json(404, ["error": "unknown-device", "message": .string("device \(device) is not registered")])
        }
        do {
            let state = try await store.state(device: device)
            return Self.json(200, ["device": .string(device), "acceptedThrough": .number(Double(state.acceptedThrough)),
                                   "records": .number(Double(state.records))])
        } catch {
            logger.error("cannot read a device's state", metadata: ["device": "\(device)", "error": "\(error)"])
            return Self.storeUnavailable("could not read the device's state")
        }
    }

    func listRecords(_ device: String, request: Request) async -> Response {
        guard verifier.registry.entry(for: device) != nil else {
            return Self.json(404, ["error": "unknown-device", "message": .string("device \(device) is not registered")])
        }
        let query = request.uri.queryParameters
        let from = query["from"].map { Int(String($0)) } ?? 1
        let limit = query["limit"].map { Int(String($0)) } ?? 1000
        guard let from, from >= 1, let limit, (1...10_000).contains(limit) else {
            return Self.json(400, ["error": "bad-request", "message": "from must be an integer ≥ 1 and limit an integer from 1 to 10000"])
        }
        do {
            var body: [UInt8] = []
            for envelope in try await store.envelopes(device: device, from: from, limit: limit) {
                body.append(contentsOf: envelope)
                body.append(UInt8(ascii: "\n"))
            }
            return Response(status: .ok, headers: [.contentType: "application/x-ndjson"], body: .init(byteBuffer: ByteBuffer(bytes: body)))
        } catch {
            logger.error("cannot read a device's records", metadata: ["device": "\(device)", "error": "\(error)"])
            return Self.storeUnavailable("could not read the records")
        }
    }

    /// `GET /v1/feed?after=CURSOR&limit=N`: every device's records in storing order, one JSON
    /// object whose `records` carry the envelopes as the devices sent them.
    func feed(_ request: Request) async -> Response {
        let query = request.uri.queryParameters
        let after = query["after"].map { FeedCursor(String($0)) } ?? .start
        let limit = query["limit"].map { Int(String($0)) } ?? 1000
        guard let after else {
            return Self.json(400, ["error": "bad-request", "message": "after must be a cursor the feed returned (digits-digits), or absent to start at the beginning"])
        }
        guard let limit, (1...10_000).contains(limit) else {
            return Self.json(400, ["error": "bad-request", "message": "limit must be an integer from 1 to 10000"])
        }
        do {
            let page = try await store.feed(after: after, limit: limit)
            return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: FeedBody.encode(page))))
        } catch {
            logger.error("cannot read the feed", metadata: ["after": "\(after)", "error": "\(error)"])
            return Self.storeUnavailable("could not read the feed")
        }
    }

    /// The store is away (PostgreSQL restarting, a disk error): the caller retries, nothing was stored or is lost.
    static func storeUnavailable(_ what: String) -> Response {
        json(503, ["error": "unavailable", "message": .string("the receiver \(what): its database is unavailable; retry later")], extra: [("Retry-After", "5")])
    }

    /// The board's `LaneAgent-Backlog`, when it is a plain count that fits; anything else is ignored (the view shows no backlog).
    static func backlog(_ header: String?) -> Int? {
        guard let header, (1...12).contains(header.utf8.count), header.utf8.allSatisfy({ (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0) }) else { return nil }
        return Int(header)
    }

    func reference(_ site: String) -> Response {
        guard Identifier.isValid(site), let envelope = references.envelope(site: site) else {
            return Self.json(404, ["error": "not-found", "message": .string("no reference data is published for site \(site)")])
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: envelope)))
    }

    static func json(_ status: Int, _ value: JSONValue, extra: [(String, String)] = []) -> Response {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, text) in extra { headers[HTTPField.Name(name)!] = text }
        return Response(status: .init(code: status), headers: headers,
                        body: .init(byteBuffer: ByteBuffer(bytes: CanonicalJSON.encode(value))))
    }
}
