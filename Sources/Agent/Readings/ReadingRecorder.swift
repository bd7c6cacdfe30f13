import Crypto
import DeviceKit
import Dispatch
import Journal
import LaneModel
import Lanes
import Logging
import Synchronization

/// The one path from a device's reading to the journal and the lane, for every kind of device
/// (the gateway's cameras and terminals, serial and HID readers, scan folders, scales): evidence
/// files first (so a committed record never points at a missing file), then one
/// `reading.<kind>` record each, then the reading to its lane with the record's seq and hash.
/// Device faults become `device.fault` records, at most one per device every `faultInterval` so
/// a misconfigured camera posting garbage cannot flood the journal (the rest are counted in the
/// next fault's `suppressed`).
public final class ReadingRecorder: Sendable {
    private let journal: Journal
    private let evidence: EvidenceStore
    private let logger: Logger
    private let faultIntervalMilliseconds: Int64
    private let faults = Mutex<[String: (last: Timestamp, suppressed: Int)]>([:])
    /// The lanes its readings feed.
    let lanes: LaneHub
    /// Counts each device's readings and rejected input for the status page and metrics.
    let devices: DeviceMonitor?
    /// The chip readers a document reader's MRZ opens (those of its lane).
    let chipReaders: ChipReaderHub

    public init(journal: Journal, evidence: EvidenceStore, logger: Logger, lanes: LaneHub = .none, devices: DeviceMonitor? = nil,
                chipReaders: ChipReaderHub = .none, faultIntervalMilliseconds: Int64 = 10_000) {
        self.journal = journal
        self.chipReaders = chipReaders
        self.lanes = lanes
        self.devices = devices
        self.evidence = evidence
        self.logger = logger
        self.faultIntervalMilliseconds = faultIntervalMilliseconds
    }

    /// Stores the reading's evidence, appends its record (tagged with the device's lane) and hands
    /// the reading to that lane with the record's seq and hash; returns the record's seq.
    @discardableResult
    public func record(_ reading: Reading, driver: String) async throws -> Int {
        let evidence = self.evidence
        // File writes and their fsyncs block: off the cooperative threads, so one slow disk
        // write never stalls the gateway's other requests (or the rest of the daemon).
        let references: [EvidenceReference] = try await Self.offload { () throws(EvidenceError) in try evidence.store(reading.evidence, now: reading.time) }
        let sealed = try await journal.append(ReadingRecordBody(reading: reading, driver: driver, evidence: references), lane: lanes.lane(of: reading.device))
        if !references.isEmpty {
            try await Self.offload { () throws(EvidenceError) in try evidence.attach(references, to: sealed.record.seq) }
        }
        lanes.reading(LaneObservation(reading.detail), device: reading.device, reference: sealed.reference)
        if case .document(let document) = reading.detail { chipReaders.offer(document, lane: lanes.lane(of: reading.device)) }
        devices?.frame(device: reading.device, at: reading.time)
        return sealed.record.seq
    }

    /// Appends a settled weight of `device`'s scale as `reading.weight` (the lane's, with no
    /// evidence) and hands it to that lane.
    func recordWeight(_ reading: WeightReading, device: String, lane: String) async throws {
        let sealed = try await journal.append(reading, lane: lane)
        lanes.reading(.weight(reading), device: device, reference: sealed.reference)
    }

    private static func offload<T: Sendable>(_ work: @escaping @Sendable () throws(EvidenceError) -> T) async throws(EvidenceError) -> T {
        let result: Result<T, EvidenceError> = await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: Result { () throws(EvidenceError) in try work() }) }
        }
        return try result.get()
    }

    /// Appends a `device.fault` for `device` unless one was appended in the last interval.
    /// `input` is the input that was not understood: the record names it by its SHA-256 (never
    /// the bytes, which may identify a person), so a technician can match it to a capture.
    public func fault(device: String, kind: String, driver: String, reason: String, excerpt: String?, input: [UInt8]? = nil,
                      now: Timestamp = .now()) async {
        // Every rejection counts, including those the journal is spared.
        devices?.frameError(device: device, reason: reason)
        let suppressed: Int? = faults.withLock { faults in
            if let previous = faults[device], now.millisecondsSinceEpoch - previous.last.millisecondsSinceEpoch < faultIntervalMilliseconds {
                faults[device] = (previous.last, previous.suppressed + 1)
                return nil
            }
            let suppressed = faults[device]?.suppressed ?? 0
            faults[device] = (now, 0)
            return suppressed
        }
        guard let suppressed else { return }
        let body = DeviceInputFaultBody(device: device, kind: kind, driver: driver, reason: reason, suppressed: suppressed, excerpt: excerpt,
                                        inputSHA256: input.map { Hex.encode(SHA256.hash(data: $0)) })
        do {
            try await journal.append(body)
        } catch {
            logger.error("could not record a device fault", metadata: ["device": "\(device)", "error": "\(error)"])
        }
    }
}
