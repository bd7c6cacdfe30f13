import LaneModel

/// A record that passed verification, ready to be stored.
public struct IncomingRecord: Sendable {
    public let seq: Int
    public let prev: String
    /// What the next record's `prev` must name: the payload's SHA-256 (for a withheld stand-in,
    /// the withheld record's).
    public let payloadHash: [UInt8]
    /// The envelope line as the device sent it.
    public let envelope: [UInt8]
    /// SHA-256s of the evidence files the record names (`body.evidence[].sha256`).
    public var evidence: [String] = []
    /// The parsed record, for what the receiver learns about the board (the fleet view).
    public var record: Record? = nil

    public init(seq: Int, prev: String, payloadHash: [UInt8], envelope: [UInt8], evidence: [String] = [], record: Record? = nil) {
        self.seq = seq
        self.prev = prev
        self.payloadHash = payloadHash
        self.envelope = envelope
        self.evidence = evidence
        self.record = record
    }
}
