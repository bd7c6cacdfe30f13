/// An incremental decoder for one wire protocol: fed bytes in any chunking, it returns frames
/// and errors in order and resynchronises after garbage. Pure: no I/O, no clock.
public protocol FrameDecoder<Frame>: Sendable {
    associatedtype Frame: Sendable

    /// Adds bytes as they arrived.
    mutating func append(_ bytes: some Sequence<UInt8>)

    /// The next frame or error the buffered bytes complete, or nil until more bytes come.
    mutating func next() -> DecodeStep<Frame>?
}

extension FrameDecoder {
    /// Every step `bytes` completes (after what was buffered before).
    public mutating func decode(_ bytes: some Sequence<UInt8>) -> [DecodeStep<Frame>] {
        append(bytes)
        var steps: [DecodeStep<Frame>] = []
        while let step = next() { steps.append(step) }
        return steps
    }
}
