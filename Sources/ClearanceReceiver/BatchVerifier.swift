import ClearanceProtocol
import Dispatch
import Foundation
import Journal
import LaneModel
import Records
import Synchronization

/// Checks an uploaded batch before anything is stored: every envelope parses and is signed by
/// the device's registered key, every record belongs to the device, and the seqs are the
/// contiguous run the Idempotency-Key names, each linked to the one before.
///
/// Signatures are checked on all cores at once: Ed25519 verification is the receiver's cost.
public struct BatchVerifier: Sendable {
    public let registry: DeviceRegistry

    public init(registry: DeviceRegistry) { self.registry = registry }

    /// The records to store, or the contract's refusal.
    public func verify(ndjson: [UInt8], key: IdempotencyKey) async -> Result<[IncomingRecord], BatchReply> {
        guard let entry = registry.entry(for: key.device) else {
            return .failure(.unknownDevice(device: key.device, message: "device \(key.device) is not in the receiver's registry; register its `laneagent keys show --json` line"))
        }
        // Sized by the body, never by the header: the key's count is only compared.
        let lines = ndjson.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true)
        guard lines.count == key.count else {
            return .failure(.badBatch(reason: .badRequest, seq: key.firstSeq,
                                      message: "Idempotency-Key \(key) names \(key.count) records, the body holds \(lines.count)"))
        }
        let checked = await Self.checkAll(lines, verifier: ChainVerifier(keys: entry.keys))
        var records: [IncomingRecord] = []
        records.reserveCapacity(lines.count)
        for (index, result) in checked.enumerated() {
            let position = key.firstSeq + index
            switch result {
            case .failure(let failure):
                return .failure(Self.refusal(failure, device: key.device, seq: position))
            case .success(let (record, hash)):
                guard record.device == key.device else {
                    return .failure(.badBatch(reason: .badRequest, seq: record.seq, message: "record \(record.seq) is of device \(record.device), the batch is for \(key.device)"))
                }
                guard record.seq == position else {
                    return .failure(.badBatch(reason: .badRequest, seq: record.seq,
                                              message: """
                                                  line \(index + 1) holds seq \(record.seq), expected \(position): a batch is \
                                                  one contiguous run in seq order
                                                  """))
                }
                if let previous = records.last, record.prev != Hex.encode(previous.payloadHash) {
                    return .failure(.badBatch(reason: .badChain, seq: record.seq, message: "record \(record.seq) does not link to record \(previous.seq)"))
                }
                if record.seq == 1, record.prev != Record.genesisPrev {
                    return .failure(.badBatch(reason: .badChain, seq: 1, message: "record 1 must link to the genesis value (64 zeros)"))
                }
                // A stand-in for a record the board withheld links the chain with that record's
                // hash, which it names and the device signed.
                var link = hash
                if record.kind == WithheldRecord.kind {
                    guard let named = WithheldRecord.linkHash(of: record) else {
                        return .failure(.badBatch(reason: .malformedEnvelope, seq: record.seq, message: "record \(record.seq) is a record.withheld without a 64-hex-digit sha256"))
                    }
                    link = named
                }
                let envelope = lines[index]
                records.append(.init(seq: record.seq, prev: record.prev, payloadHash: link, envelope: Array(envelope),
                                     evidence: Self.evidence(named: record), record: record))
            }
        }
        return .success(records)
    }

    /// The evidence hashes a record's body names, at most `maximumEvidencePerRecord`.
    static func evidence(named record: Record) -> [String] {
        guard let items = record.body["evidence"]?.arrayValue else { return [] }
        return items.prefix(maximumEvidencePerRecord).compactMap { item in
            guard let sha256 = item["sha256"]?.stringValue, EvidenceVault.isHash(sha256) else { return nil }
            return sha256
        }
    }

    /// More than any reading carries (a plate event has two pictures, a scan one image).
    static let maximumEvidencePerRecord = 64

    private static func refusal(_ failure: VerificationFailure, device: String, seq: Int) -> BatchReply {
        switch failure.reason {
        case .unknownKey: .unknownKey(device: device, seq: seq, message: "record \(seq): \(failure.detail)")
        case .badSignature: .badBatch(reason: .badSignature, seq: seq, message: "record \(seq): \(failure.detail)")
        default: .badBatch(reason: .malformedEnvelope, seq: seq, message: "record \(seq): \(failure.reason.rawValue): \(failure.detail)")
        }
    }

    /// Checks every line, spread over all cores, off the async executor's threads.
    ///
    /// Workers take small runs of lines from a shared cursor rather than fixed shares: the
    /// cores are shared (with the agent on a test bench, with other batches in production), and
    /// with fixed shares a batch waits for whichever worker was delayed.
    private static func checkAll(_ lines: [ArraySlice<UInt8>], verifier: ChainVerifier) async -> [Result<(Record, [UInt8]), VerificationFailure>] {
        await withCheckedContinuation { continuation in
            DispatchQueue.global(qos: .userInitiated).async {
                let results = UnsafeResults(count: lines.count)
                let cursor = WorkCursor()
                let workers = min(ProcessInfo.processInfo.activeProcessorCount, max(1, lines.count / 32))
                DispatchQueue.concurrentPerform(iterations: workers) { _ in
                    while true {
                        let start = cursor.claim(Self.linesPerClaim)
                        guard start < lines.count else { break }
                        for index in start..<min(start + Self.linesPerClaim, lines.count) {
                            results.set(index, check(lines[index], verifier: verifier))
                        }
                    }
                }
                continuation.resume(returning: results.values)
            }
        }
    }

    /// Lines a worker takes at a time: about 1.5 ms of verification, small enough to even out.
    private static let linesPerClaim = 16

    private static func check(_ line: ArraySlice<UInt8>, verifier: ChainVerifier) -> Result<(Record, [UInt8]), VerificationFailure> {
        let envelope: Envelope
        do { envelope = try Envelope(parsing: line) } catch {
            return .failure(.init(reason: .malformedJSON, detail: "not a DSSE envelope: \(error)"))
        }
        return verifier.check(envelope)
    }
}

/// The next unclaimed line index, shared by the verification workers of one batch.
private final class WorkCursor: Sendable {
    private let next = Atomic<Int>(0)

    /// Claims `count` lines; returns the first one's index.
    func claim(_ count: Int) -> Int { next.wrappingAdd(count, ordering: .relaxed).oldValue }
}

/// Result slots written by disjoint indexes from `concurrentPerform` workers; the buffer is
/// allocated once so no worker ever touches the array's storage header.
private final class UnsafeResults: @unchecked Sendable {
    typealias Slot = Result<(Record, [UInt8]), VerificationFailure>?
    private let storage: UnsafeMutableBufferPointer<Slot>

    init(count: Int) {
        storage = .allocate(capacity: count)
        storage.initialize(repeating: nil)
    }

    deinit {
        storage.deinitialize()
        storage.deallocate()
    }

    func set(_ index: Int, _ value: Result<(Record, [UInt8]), VerificationFailure>) { storage[index] = value }

    var values: [Result<(Record, [UInt8]), VerificationFailure>] { storage.map { $0! } }
}
