/// One record's envelope line exactly as the journal stores and exports it.
public struct StoredEnvelope: Sendable, Equatable {
    public let seq: Int
    public let bytes: [UInt8]

    public init(seq: Int, bytes: [UInt8]) {
        self.seq = seq
        self.bytes = bytes
    }
}

