/// Bytes received and not yet decoded, consumed from the front as frames are cut off.
public struct FrameBuffer: Sendable {
    private var storage: [UInt8] = []
    private var start = 0

    public init() {}

    /// The undecoded bytes; indices are positions in the buffer, not from zero.
    public var bytes: ArraySlice<UInt8> { storage[start...] }
    public var count: Int { storage.count - start }
    public var isEmpty: Bool { count == 0 }

    /// The byte `offset` places after the first undecoded one.
    public subscript(offset: Int) -> UInt8 { storage[start + offset] }

    public mutating func append(contentsOf new: some Sequence<UInt8>) {
        storage.append(contentsOf: new)
    }

    /// Offset of the first byte matching `predicate` at or after `from`, or nil.
    public func firstOffset(from: Int = 0, where predicate: (UInt8) -> Bool) -> Int? {
        var index = start + from
        while index < storage.count {
            if predicate(storage[index]) { return index - start }
            index += 1
        }
        return nil
    }

    /// Removes and returns the first `length` bytes.
    public mutating func take(_ length: Int) -> [UInt8] {
        let taken = Array(storage[start..<start + length])
        start += length
        // Compact now and then so a long-running port does not grow the array forever.
        if start == storage.count {
            storage.removeAll(keepingCapacity: true)
            start = 0
        } else if start >= 4096 && start * 2 >= storage.count {
            storage.removeFirst(start)
            start = 0
        }
        return taken
    }
}

extension FrameBuffer {
    /// Resynchronises on a frame start: bytes before the first start byte come back as an error
    /// (garbage between frames), in pieces of at most `limit` bytes. The pieces depend only on
    /// the bytes, never on how they were split on arrival. Nil when the buffer is empty or
    /// already starts a frame.
    public mutating func skipToFrameStart(limit: Int, isStart: (UInt8) -> Bool) -> FrameError? {
        let offset = firstOffset(where: isStart)
        if let offset, offset < limit {
            return offset == 0 ? nil : FrameError("\(offset) byte\(offset == 1 ? "" : "s") before the start of a frame", bytes: take(offset))
        }
        guard offset != nil || count >= limit else { return nil }
        return FrameError("\(limit) bytes without the start of a frame", bytes: take(limit))
    }
}

/// The next piece a framed protocol's buffer yields: a frame's bytes, or bytes refused.
public enum FrameCut: Sendable {
    case frame([UInt8])
    case error(FrameError)
}

extension FrameBuffer {
    /// Cuts the next fixed-length frame that begins with `start`. Garbage before it, and a
    /// frame cut short by a new `start` within its first `startFreeLength` bytes (the part no
    /// field can hold `start` in), come back as errors; nil until a whole frame is in.
    public mutating func nextFixedLengthFrame(start: UInt8, named name: String, length: Int, startFreeLength: Int) -> FrameCut? {
        if let garbage = skipToFrameStart(limit: 4 * length, isStart: { $0 == start }) { return .error(garbage) }
        // Without a start byte in sight, wait for one (or for enough bytes to call them noise).
        guard !isEmpty, self[0] == start else { return nil }
        if let restart = firstOffset(from: 1, where: { $0 == start }), restart < startFreeLength {
            return .error(FrameError("truncated frame: a new \(name) after \(restart) bytes", bytes: take(restart)))
        }
        guard count >= length else { return nil }
        return .frame(take(length))
    }
}
