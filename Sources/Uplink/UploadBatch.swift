import ClearanceProtocol
import Crypto
import Journal
import Records

/// A run of contiguous records packed for one `POST /v1/records:batch`.
public struct UploadBatch: Sendable {
    public let firstSeq: Int
    public let lastSeq: Int
    /// The gzip body sent on the wire.
    public let body: [UInt8]
    /// The payload hash of record `lastSeq` as the journal holds it (a withheld record's own),
    /// which central's receipt must name; empty when the stored envelope cannot be read.
    public let lastPayloadHash: [UInt8]

    public var count: Int { lastSeq - firstSeq + 1 }

    /// Reads records `from…through` (stopping at the batch limits) and compresses them. At least
    /// one record goes into a batch whatever its size. Memory is bounded by the batch, never the
    /// backlog. Throws when `from` was already pruned from the journal.
    /// Seqs in `withheld` go as their signed stand-ins (`WithheldRecord`): the receiver would
    /// not take them.
    public static func read(from journal: Journal, from: Int, through: Int, maxRecords: Int, maxBytes: Int,
                            withheld: Set<Int> = []) throws -> UploadBatch? {
        guard from <= through else { return nil }
        var ndjson: [UInt8] = []
        ndjson.reserveCapacity(min(maxBytes, 1 << 20) + 4096)
        var next = from
        var full = false
        var last: [UInt8] = []
        while !full, next <= through {
            let wanted = min(256, through - next + 1, maxRecords - (next - from))
            if wanted <= 0 { break }
            let chunk = try journal.envelopes(from: next, limit: wanted)
            guard let first = chunk.first, first.seq == next else {
                throw UplinkError.lost("record \(next) is no longer in the journal (pruned after an earlier acknowledgement)")
            }
            for envelope in chunk {
                guard envelope.seq == next else { throw UplinkError.lost("record \(next) is missing from the journal") }
                let bytes = withheld.contains(envelope.seq)
                    ? try journal.withheldStub(for: envelope, reason: "larger than the receiver takes") : envelope.bytes
                if next > from, ndjson.count + bytes.count + 1 > maxBytes { full = true; break }
                ndjson.append(contentsOf: bytes)
                ndjson.append(UInt8(ascii: "\n"))
                last = envelope.bytes
                next += 1
            }
        }
        let lastHash = (try? Envelope(parsing: last)).map { Array(SHA256.hash(data: $0.payload)) } ?? []
        return UploadBatch(firstSeq: from, lastSeq: next - 1, body: Gzip.compress(ndjson), lastPayloadHash: lastHash)
    }
}
