import ClearanceProtocol
import Crypto
import Foundation
import Journal
import LaneModel
import Logging

/// Fetches reference data (from the clearance service, or `[reference] file`), verifies it and
/// keeps it; a copy that fails is recorded as a `reference.fault` record and the held one stays.
public actor ReferenceSync {
    private let store: ReferenceStore
    private let settings: ReferenceSettings
    private let client: ClearanceClient?
    private let journal: Journal
    private let logger: Logger
    private var lastRejected: [UInt8]?

    public init(store: ReferenceStore, settings: ReferenceSettings, client: ClearanceClient?, journal: Journal, logger: Logger) {
        self.store = store
        self.settings = settings
        self.client = client
        self.journal = journal
        self.logger = logger
    }

    /// Where the data is taken from.
    public nonisolated var source: String {
        if let file = settings.file { return file }
        return client.map { $0.route.inUse + "v1/reference/\(store.site)" } ?? "(no source)"
    }

    /// Fetches once. Returns the held copy after the attempt; throws when the offered copy was
    /// refused or could not be fetched (the held copy is unchanged).
    @discardableResult
    public func syncOnce() async throws(ReferenceError) -> ReferenceStore.Acceptance {
        let envelope = try await fetch()
        do {
            let acceptance = try store.accept(envelope, source: source, now: journal.options.now())
            if case .stored(let held) = acceptance {
                lastRejected = nil
                logger.notice("reference data updated", metadata: ["version": "\(held.data.version)", "source": "\(source)"])
                let sha256 = Hex.encode(SHA256.hash(data: envelope))
                _ = try? await journal.append(ReferenceUpdatedBody(version: held.data.version, issuedAt: held.data.issuedAt, source: source, sha256: sha256))
            }
            return acceptance
        } catch {
            // The same refused copy is recorded once, not at every refresh.
            if lastRejected != envelope {
                lastRejected = envelope
                logger.error("reference data rejected", metadata: ["reason": "\(error.reason)", "source": "\(source)"])
                _ = try? await journal.append(ReferenceFaultBody(reason: error.reason, message: error.message, source: source))
            }
            throw error
        }
    }

    /// The largest reference data taken, from the service or a file.
    static let maximumBytes = 64 * 1024 * 1024

    private func fetch() async throws(ReferenceError) -> [UInt8] {
        if let file = settings.file {
            // The same bound as a fetched copy (ClearanceClient collects at most 64 MiB): a
            // file is read whole, so its size is checked first.
            let size = (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            guard size <= Self.maximumBytes else { throw .io(file, "is \(size) bytes, over the \(Self.maximumBytes) bytes reference data may be") }
            guard let data = FileManager.default.contents(atPath: file) else { throw .io(file, "cannot be read") }
            return Self.trimmed(Array(data))
        }
        guard let client else { throw .fetchFailed(source, "no [uplink] url is configured") }
        let response: ClearanceResponse
        do { response = try await client.get("v1/reference/\(store.site)") } catch {
            throw .fetchFailed(source, Uploader.describe(error))
        }
        guard response.status == 200 else {
            throw .fetchFailed(source, "HTTP \(response.status): \(String(decoding: response.body.prefix(200), as: UTF8.self))")
        }
        return Self.trimmed(response.body)
    }

    private static func trimmed(_ bytes: [UInt8]) -> [UInt8] {
        var bytes = bytes
        while let last = bytes.last, last == UInt8(ascii: "\n") || last == UInt8(ascii: "\r") || last == UInt8(ascii: " ") {
            bytes.removeLast()
        }
        return bytes
    }
}
