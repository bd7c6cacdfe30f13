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
