import Foundation
import Journal
import LaneModel
import Logging
import ServiceLifecycle
import Uplink

/// Uploads evidence files once central acknowledged the record that refers to them, and keeps
/// the folder within `[evidence] max_mb`: uploaded files past the journal's retention go, then
/// the oldest uploaded ones. Unsent files are never dropped; when only they are left over the
/// cap, one `evidence.fault` is recorded (and `evidence.fault.cleared` when it is back under).
public struct EvidenceService: Service {
    private let store: EvidenceStore
    private let journal: Journal
    private let client: ClearanceClient?
    private let device: String
    private let capBytes: Int64
    private let logger: Logger
    private let interval: Duration

    public init(store: EvidenceStore, journal: Journal, client: ClearanceClient?, device: String, capMB: Int, logger: Logger,
                interval: Duration = .seconds(2)) {
        self.store = store
        self.journal = journal
        self.client = client
        self.device = device
        capBytes = Int64(capMB) * 1_048_576
        var logger = logger
        logger[metadataKey: "component"] = "evidence"
        self.logger = logger
        self.interval = interval
    }

    public func run() async throws {
        var overCap = false
        var lastPrune: ContinuousClock.Instant?
        while !Task.isShuttingDownGracefully && !Task.isCancelled {
            var uploaded = 0
            do {
                if client != nil { uploaded = try await uploadOnce() }
                // Pruning scans the index: once a minute is enough, uploads or not.
                if lastPrune.map({ ContinuousClock.now - $0 > .seconds(60) }) ?? true {
                    overCap = try await prune(wasOverCap: overCap)
                    lastPrune = .now
                }
            } catch {
                logger.warning("evidence step failed; retrying", metadata: ["error": "\(error)"])
            }
            if uploaded == 0 {
                try? await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            }
        }
        await client?.shutdown()
    }

    /// Uploads what is due; returns how many central took.
    func uploadOnce() async throws -> Int {
        guard let client else { return 0 }
        let position = try journal.position()
        var count = 0
        for pending in try store.pendingUploads(ackedThrough: position.ackedThrough, limit: 32) {
            guard let bytes = store.contents(pending.reference.sha256) else {
                logger.error("evidence file missing; skipped", metadata: ["sha256": "\(pending.reference.sha256)", "path": "\(pending.path)"])
                try store.markUploaded(pending.reference.sha256, now: .now())
                continue
            }
            let response = try await client.putEvidence(pending.reference.sha256, bytes: bytes, device: device)
            switch response.status {
            case 200, 201:
                try store.markUploaded(pending.reference.sha256, now: .now())
                count += 1
            default:
                logger.warning("central refused an evidence file; will retry", metadata: [
                    "sha256": "\(pending.reference.sha256)", "status": "\(response.status)", "body": "\(String(decoding: response.body.prefix(300), as: UTF8.self))",
                ])
                return count
            }
        }
        return count
    }

    private func prune(wasOverCap: Bool) async throws -> Bool {
        let position = try journal.position()
        let over = try store.prune(firstSeq: position.firstSeq, capBytes: capBytes, now: .now())
        if over != wasOverCap {
            let usage = try store.usage()
            let body = EvidenceFaultBody(cleared: !over, files: usage.files, bytes: usage.bytes, unsent: usage.unsent, capBytes: capBytes)
            if over {
                logger.error("evidence folder over [evidence] max_mb with only unsent files; nothing is dropped", metadata: ["bytes": "\(usage.bytes)"])
            }
            try await journal.append(body)
        }
        return over
    }
}
