import Journal
import LaneModel

extension SealedRecord {
    /// This record as a crossing's reference to it.
    var reference: ReadingReference {
        ReadingReference(seq: record.seq, sha256: Hex.encode(payloadHash), kind: record.kind)
    }
}
