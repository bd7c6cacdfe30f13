import LaneModel

/// Bytes a decoder could not accept as a frame, with the reason; reported, never guessed at.
public struct FrameError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What was wrong, for example "checksum 0x19 expected, 0x18 received".
    public let reason: String
    /// The rejected bytes.
    public let bytes: [UInt8]

    public init(_ reason: String, bytes: [UInt8]) {
        self.reason = reason
        self.bytes = bytes
    }

    /// `<reason>: <hex>`, as `diag scale` prints it after `frame error: `.
    public var description: String { "\(reason): \(Hex.spaced(bytes))" }
}
