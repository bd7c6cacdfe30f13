import ClearanceProtocol
import ClearanceReceiver
import Foundation
import LaneModel
import Logging
import NIOCore
import NIOSSL
import PostgresNIO

/// Every device's chain in a PostgreSQL database that any number of receivers share
/// (`clearance-receiver serve --postgres URL`). A device's batches are applied one at a time
/// across instances by a transaction-scoped advisory lock on the device, so an idempotent retry
/// on another instance finds the first copy and two conflicting batches give one `200` and one
/// `409 fork`. A batch is committed (synchronous commit) before its `200`; when the database is
/// away every call fails within its deadline and the server answers `503` with `Retry-After`.
public final class PostgresReceiverStore: ReceiverStorage {
    public let location: String
    private let client: PostgresClient
    private let runner: Task<Void, Never>
    private let logger: Logger

    /// How long one call may wait for a connection and its answer before the caller is told to retry.
    /// Short: a board told `503` retries anyway, and a request held longer only ties up its connection.
    static let readDeadline: Duration = .seconds(5)
    static let ingestDeadline: Duration = .seconds(10)

    private init(address: PostgresAddress, client: PostgresClient, logger: Logger) {
        location = address.display
        self.client = client
        self.logger = logger
        runner = Task { await client.run() }
    }

    /// Connects and applies missing migrations. Unreachable: throws at once, or with
    /// `waitForDatabase` logs why and tries again every few seconds until it can (or the task is cancelled).
    public static func open(_ address: PostgresAddress, logger: Logger, waitForDatabase: Bool) async throws(ReceiverError) -> PostgresReceiverStore {
        let store = PostgresReceiverStore(address: address, client: PostgresClient(configuration: try configuration(address), backgroundLogger: logger), logger: logger)
        while true {
            do throws(ReceiverError) {
                try await probe(address, logger: logger)
                try await store.migrate()
                return store
            } catch {
                guard waitForDatabase, !Task.isCancelled else {
                    await store.close()
                    throw error
                }
                logger.warning("waiting for PostgreSQL", metadata: ["database": "\(address.display)", "error": "\(error.message)"])
                try? await Task.sleep(for: .seconds(3))
                if Task.isCancelled {
                    await store.close()
                    throw error
                }
            }
        }
    }

    /// One connection made and closed: the pool would keep retrying a refused connection for
    /// its circuit breaker's time, where the operator starting a receiver wants the reason now
    /// (refused, no such database, authentication failed).
    private static func probe(_ address: PostgresAddress, logger: Logger) async throws(ReceiverError) {
        var configuration: PostgresConnection.Configuration
        switch address.endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        case .tcp(let host, let port):
            var tls: PostgresConnection.Configuration.TLS = .disable
            if address.tls == .require {
                do { tls = .require(try NIOSSLContext(configuration: try clientTLS(address))) } catch let error as ReceiverError { throw error } catch {
                    throw .usage("--postgres: TLS cannot be set up: \(error)")
                }
            }
            configuration = .init(host: host, port: port, username: address.user, password: address.password, database: address.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        do {
            let connection = try await PostgresConnection.connect(configuration: configuration, id: 0, logger: logger)
            try? await connection.close()
        } catch {
            throw .storage(address.display, "cannot connect: \(describe(error, deadline: .seconds(5)))")
        }
    }

    private static func clientTLS(_ address: PostgresAddress) throws(ReceiverError) -> TLSConfiguration {
        var settings = TLSConfiguration.makeClientConfiguration()
        if let file = address.rootCertificate {
            do { settings.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(file)) } catch {
                throw .usage("--postgres sslrootcert=\(file) cannot be read as PEM certificates: \(error)")
            }
        }
        return settings
    }

    private static func configuration(_ address: PostgresAddress) throws(ReceiverError) -> PostgresClient.Configuration {
        var configuration: PostgresClient.Configuration
        switch address.endpoint {
        case .socket(let path):
            configuration = .init(unixSocketPath: path, username: address.user, password: address.password, database: address.database)
        case .tcp(let host, let port):
            var tls: PostgresClient.Configuration.TLS = .disable
            if address.tls == .require { tls = .require(try clientTLS(address)) }
            configuration = .init(host: host, port: port, username: address.user, password: address.password, database: address.database, tls: tls)
        }
        configuration.options.connectTimeout = .seconds(5)
        configuration.options.maximumConnections = 16
        // A 200 promises the batch survives a crash of the database host: commits must wait for the
        // WAL flush whatever the server or role default says.
        configuration.options.additionalStartupParameters = [("application_name", "clearance-receiver"), ("synchronous_commit", "on")]
        return configuration
    }

    private func migrate() async throws(ReceiverError) {
        try await run("applying migrations", deadline: Self.ingestDeadline) { client, logger in
            try await client.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(PostgresSchema.migrationLock))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS receiver_migration (
                        version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())
                    """, logger: logger)
                var applied = Set<Int>()
                for try await version in try await connection.query("SELECT version FROM receiver_migration", logger: logger).decode(Int.self) {
                    applied.insert(version)
                }
                for migration in PostgresSchema.migrations where !applied.contains(migration.version) {
                    for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    try await connection.query("INSERT INTO receiver_migration (version, name) VALUES (\(migration.version), \(migration.name))", logger: logger)
                    logger.notice("applied migration", metadata: ["version": "\(migration.version)", "name": "\(migration.name)"])
                }
            }
        }
    }

    public func ingest(device: String, records: [IncomingRecord], upload: UploadFacts, now: Timestamp) async throws(ReceiverError) -> BatchReply {
        guard let first = records.first, let last = records.last else { return .badBatch(reason: .badRequest, seq: 0, message: "the batch is empty") }
        return try await run("storing a batch of \(device)", deadline: Self.ingestDeadline) { client, logger in
            try await client.withTransaction(logger: logger) { connection -> BatchReply in
                // Every instance applies this device's batches one at a time; other devices go on.
                try await connection.query("SELECT pg_advisory_xact_lock(hashtextextended(\(device), 0))", logger: logger)
                var held = 0
                var heldHash: [UInt8] = []
                for try await (through, hash) in try await connection.query(
                    "SELECT accepted_through, last_hash FROM device_head WHERE device = \(device)", logger: logger
                ).decode((Int, ByteBuffer).self) {
                    held = through
                    heldHash = Array(hash.readableBytesView)
                }
                if first.seq > held + 1 { return .gap(device: device, expectedSeq: held + 1) }
                // Records already held must be byte-for-byte the same records.
                if first.seq <= held {
                    var hashes: [Int: [UInt8]] = [:]
                    let upper = min(held, last.seq)
                    for try await (seq, hash) in try await connection.query(
                        "SELECT seq, payload_sha256 FROM record WHERE device = \(device) AND seq BETWEEN \(first.seq) AND \(upper)", logger: logger
                    ).decode((Int, ByteBuffer).self) {
                        hashes[seq] = Array(hash.readableBytesView)
                    }
                    for record in records where record.seq <= held {
                        if let hash = hashes[record.seq], hash != record.payloadHash { return .fork(device: device, seq: record.seq) }
                    }
                }
                let new = records.filter { $0.seq > held }
                if let firstNew = new.first, let lastNew = new.last {
                    let expectedPrev = held == 0 ? Record.genesisPrev : Hex.encode(heldHash)
                    guard firstNew.prev == expectedPrev else {
                        return .badBatch(reason: .badChain, seq: firstNew.seq,
                                         message: "record \(firstNew.seq) links to \(firstNew.prev.prefix(16))…, but the held record \(held) hashes to \(expectedPrev.prefix(16))…")
                    }
                    let seqs = new.map { Int64($0.seq) }
                    let hashes = new.map { ByteBuffer(bytes: $0.payloadHash) }
                    let envelopes = new.map { ByteBuffer(bytes: $0.envelope) }
                    let received = now.millisecondsSinceEpoch
                    try await connection.query("""
                        INSERT INTO record (device, seq, payload_sha256, envelope, received_ms)
                        SELECT \(device), seq, hash, envelope, \(received)
                        FROM UNNEST(\(seqs)::BIGINT[], \(hashes)::BYTEA[], \(envelopes)::BYTEA[]) AS batch(seq, hash, envelope)
                        ORDER BY seq
                        """, logger: logger)
                    let evidence = Array(Set(new.flatMap(\.evidence))).sorted()
                    if !evidence.isEmpty {
                        try await connection.query("""
                            INSERT INTO evidence_reference (device, sha256) SELECT \(device), UNNEST(\(evidence)::TEXT[]) ON CONFLICT DO NOTHING
                            """, logger: logger)
                    }
                    let lastHash = ByteBuffer(bytes: lastNew.payloadHash)
                    try await connection.query("""
                        INSERT INTO device_head (device, accepted_through, last_hash) VALUES (\(device), \(lastNew.seq), \(lastHash))
                        ON CONFLICT (device) DO UPDATE SET accepted_through = excluded.accepted_through, last_hash = excluded.last_hash
                        """, logger: logger)
                }
                var previous: DeviceSummary?
                for try await text in try await connection.query("SELECT summary FROM device_status WHERE device = \(device)", logger: logger).decode(String.self) {
                    previous = (try? JSONParser.parse(Array(text.utf8))).flatMap(DeviceSummary.init(json:))
                }
                let summary = FleetLedger.fold(previous, device: device, records: new, acceptedThrough: max(held, last.seq), upload: upload, now: now)
                let text = String(decoding: CanonicalJSON.encode(summary.jsonValue), as: UTF8.self)
                try await connection.query("""
                    INSERT INTO device_status (device, summary) VALUES (\(device), \(text))
                    ON CONFLICT (device) DO UPDATE SET summary = excluded.summary
                    """, logger: logger)
                return .accepted(device: device, acceptedThrough: last.seq)
            }
        }
    }

    public func state(device: String) async throws(ReceiverError) -> DeviceHoldings {
        try await run("reading the state of \(device)", deadline: Self.readDeadline) { client, logger in
            var holdings = DeviceHoldings(acceptedThrough: 0, records: 0)
            for try await (through, count) in try await client.query("""
                SELECT COALESCE((SELECT accepted_through FROM device_head WHERE device = \(device)), 0),
                       (SELECT COUNT(*) FROM record WHERE device = \(device))
                """, logger: logger).decode((Int, Int).self) {
                holdings = DeviceHoldings(acceptedThrough: through, records: count)
            }
            return holdings
        }
    }

    public func names(device: String, evidence sha256: String) async throws(ReceiverError) -> Bool {
        try await run("checking an evidence reference", deadline: Self.readDeadline) { client, logger in
            var found = false
            for try await exists in try await client.query(
                "SELECT EXISTS (SELECT 1 FROM evidence_reference WHERE device = \(device) AND sha256 = \(sha256))", logger: logger
            ).decode(Bool.self) {
                found = exists
            }
            return found
        }
    }

    public func envelopes(device: String, from: Int, limit: Int) async throws(ReceiverError) -> [[UInt8]] {
        try await run("reading records of \(device)", deadline: Self.readDeadline) { client, logger in
            var lines: [[UInt8]] = []
            for try await envelope in try await client.query(
                "SELECT envelope FROM record WHERE device = \(device) AND seq >= \(from) ORDER BY seq LIMIT \(limit)", logger: logger
            ).decode(ByteBuffer.self) {
                lines.append(Array(envelope.readableBytesView))
            }
            return lines
        }
    }

    /// Transaction ids are handed out when transactions begin, not when they commit, and several
    /// instances commit at once: a record is served only when its transaction id is below the
    /// oldest one still running, so nothing can later appear before a cursor already handed out.
    public func feed(after cursor: FeedCursor, limit: Int) async throws(ReceiverError) -> FeedPage {
        try await run("reading the feed", deadline: Self.readDeadline) { client, logger in
            var entries: [FeedEntry] = []
            let transaction = String(cursor.transaction)
            for try await (txid, arrival, device, seq, envelope) in try await client.query("""
                SELECT txid::TEXT::BIGINT, arrival, device, seq, envelope FROM record
                WHERE (txid, arrival) > (\(transaction)::TEXT::XID8, \(cursor.position))
                  AND txid < pg_snapshot_xmin(pg_current_snapshot())
                ORDER BY txid, arrival LIMIT \(limit)
                """, logger: logger).decode((Int64, Int64, String, Int, ByteBuffer).self) {
                entries.append(FeedEntry(cursor: FeedCursor(transaction: txid, position: arrival), device: device, seq: seq,
                                         envelope: Array(envelope.readableBytesView)))
            }
            return FeedPage(entries: entries, after: cursor)
        }
    }

    public func fleet() async throws(ReceiverError) -> [DeviceSummary] {
        try await run("reading the fleet", deadline: Self.readDeadline) { client, logger in
            var summaries: [DeviceSummary] = []
            for try await text in try await client.query("SELECT summary FROM device_status ORDER BY device", logger: logger).decode(String.self) {
                if let summary = (try? JSONParser.parse(Array(text.utf8))).flatMap(DeviceSummary.init(json:)) { summaries.append(summary) }
            }
            return summaries
        }
    }

    public func close() async {
        runner.cancel()
        await runner.value
    }

    /// Runs `work` against the database within `deadline`; any failure, or the deadline passing
    /// (the pool waits for a connection that cannot be made), is a storage error naming `what`.
    private func run<T: Sendable>(_ what: String, deadline: Duration,
                                  _ work: @escaping @Sendable (PostgresClient, Logger) async throws -> T) async throws(ReceiverError) -> T {
        let client = self.client, logger = self.logger
        let outcome: Result<T, any Error> = await withTaskGroup(of: Result<T, any Error>?.self) { group in
            group.addTask {
                do { return .success(try await work(client, logger)) } catch { return .failure(error) }
            }
            group.addTask {
                try? await Task.sleep(for: deadline)
                return Task.isCancelled ? nil : .failure(PostgresDeadline())
            }
            var first: Result<T, any Error> = .failure(PostgresDeadline())
            if let next = await group.next(), let result = next { first = result }
            group.cancelAll()
            return first
        }
        switch outcome {
        case .success(let value): return value
        case .failure(let error): throw .storage(location, "\(what): \(Self.describe(error, deadline: deadline))")
        }
    }

    /// What went wrong, from PostgreSQL's own message where there is one (PSQLError's description hides it).
    static func describe(_ error: any Error, deadline: Duration) -> String {
        if error is PostgresDeadline { return "no answer within \(deadline) (is PostgreSQL running and reachable?)" }
        guard let error = error as? PSQLError else { return "\(error)" }
        if let message = error.serverInfo?[.message] {
            return "PostgreSQL says: \(message)" + (error.serverInfo?[.sqlState].map { " (SQLSTATE \($0))" } ?? "")
        }
        if let underlying = error.underlying { return "\(error.code): \(underlying)" }
        return "\(error.code)"
    }
}

/// A database call outlived its deadline.
private struct PostgresDeadline: Error {}
