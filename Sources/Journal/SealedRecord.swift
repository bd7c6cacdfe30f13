import Crypto
import LaneModel
import Records

/// A record that was numbered, chained and signed: exactly the bytes the journal stores.
public struct SealedRecord: Sendable {
    public let record: Record
    /// The canonical record bytes (the DSSE payload).
    public let payload: [UInt8]
    /// SHA-256 of `payload`: the next record's `prev`.
    public let payloadHash: [UInt8]
    /// The envelope line stored and exported, without newline.
    public let envelope: [UInt8]
}

/// A record numbered and chained but not yet signed: its canonical payload and that payload's hash.
struct ChainedRecord: Sendable {
    let record: Record
    let payload: [UInt8]
    let payloadHash: [UInt8]
}

/// Numbers and chains records in order, then signs them.
///
/// Chaining needs only the previous payload's hash, not its signature, so a batch is chained
/// serially (cheap) and signed in parallel (the expensive part).
struct RecordSealer: Sendable {
    let key: DeviceKey

    /// `drafts` numbered and chained after `head`, in order.
    func chain(_ drafts: [RecordDraft], after head: ChainHead, time: Timestamp, clock: ClockSync,
               ids: UUIDv7Generator, device: String, site: String) -> [ChainedRecord] {
        var head = head
        var result: [ChainedRecord] = []
        result.reserveCapacity(drafts.count)
        for draft in drafts {
            let chained = link(draft, after: head, time: time, clock: clock, id: ids.next(at: time), device: device, site: site)
            head = ChainHead(seq: chained.record.seq, hash: chained.payloadHash)
            result.append(chained)
        }
        return result
    }

    /// Signs every chained payload into its envelope, on all cores when the batch is large
    /// enough to pay for it.
    func seal(_ chained: [ChainedRecord]) -> [SealedRecord] {
        let envelopes = ParallelSigner.envelopes(for: chained.map(\.payload), key: key)
        return zip(chained, envelopes).map { item, envelope in
            SealedRecord(record: item.record, payload: item.payload, payloadHash: item.payloadHash, envelope: envelope)
        }
    }

    /// One record sealed after `head` with a given id (fixed vectors and tests).
    func sealOne(_ draft: RecordDraft, after head: ChainHead, time: Timestamp, clock: ClockSync, id: String,
                 device: String, site: String) -> SealedRecord {
        seal([link(draft, after: head, time: time, clock: clock, id: id, device: device, site: site)])[0]
    }

    private func link(_ draft: RecordDraft, after head: ChainHead, time: Timestamp, clock: ClockSync, id: String,
                      device: String, site: String) -> ChainedRecord {
        let record = Record(
            id: id, device: device, site: site, lane: draft.lane, seq: head.seq + 1, prev: head.hashHex,
            time: time, clock: clock, kind: draft.kind, body: draft.body)
        let payload = record.canonicalBytes(encodedBody: draft.encodedBody)
        return ChainedRecord(record: record, payload: payload, payloadHash: Array(SHA256.hash(data: payload)))
    }
}

/// What a producer asks the journal to record; the journal adds the rest.
public struct RecordDraft: Sendable {
    public let kind: String
    public let lane: String?
    public let body: JSONValue
    /// `body` in canonical form, encoded by the producer so the single writer need not.
    let encodedBody: [UInt8]

    /// A body over `RecordLimits.maximumBodyBytes` becomes a `record.oversized` record that
    /// names the kind, size and SHA-256 of what was not kept: one oversized reading must never
    /// make a record the uplink cannot send.
    public init(kind: String, lane: String? = nil, body: JSONValue) {
        self.lane = lane
        let encoded = CanonicalJSON.encode(body)
        guard encoded.count > RecordLimits.maximumBodyBytes else {
            self.kind = kind
            self.body = body
            self.encodedBody = encoded
            return
        }
        let stand = OversizedRecordBody(kind: kind, bytes: encoded.count, sha256: Hex.encode(SHA256.hash(data: encoded))).jsonValue
        self.kind = RecordLimits.oversizedKind
        self.body = stand
        self.encodedBody = CanonicalJSON.encode(stand)
    }

    /// A draft of `body`'s kind.
    public init(_ body: some RecordBody, lane: String? = nil) {
        self.init(kind: body.recordKind.rawValue, lane: lane, body: body.jsonValue)
    }
}

/// The newest record of the chain: its seq and payload hash.
struct ChainHead: Sendable, Equatable {
    var seq: Int
    var hash: [UInt8]

    static let genesis = ChainHead(seq: 0, hash: [UInt8](repeating: 0, count: 32))

    var hashHex: String { Hex.encode(hash) }
}
