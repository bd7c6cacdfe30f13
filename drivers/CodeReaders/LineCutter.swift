import DeviceKit

/// Cuts text lines ended by CR, LF or CRLF out of a byte stream, the same however the bytes
/// were split on arrival. A line longer than `maximumLength` is refused and everything up to
/// the next line end is dropped, so one run of noise cannot grow the buffer without bound.
struct LineCutter: Sendable {
    /// What the next cut gave.
    enum Cut: Sendable, Equatable {
        /// A line without its terminator; empty for a blank line.
        case line([UInt8])
        /// A line longer than the maximum: its first bytes (the rest is dropped up to its end).
        case overlong([UInt8])
    }

    static let carriageReturn: UInt8 = 0x0D
    static let lineFeed: UInt8 = 0x0A

    let maximumLength: Int
    private var buffer = FrameBuffer()
    /// Bytes at the front of the buffer already known to hold no terminator.
    private var searched = 0
    /// True after a CR: an LF right after it completes a CRLF and ends no second line.
    private var afterCarriageReturn = false
    /// True inside an overlong line, whose bytes are dropped up to its terminator.
    private var discarding = false

    init(maximumLength: Int) {
        self.maximumLength = maximumLength
    }

    mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    /// The next line or refusal the buffered bytes complete, or nil until more bytes come.
    mutating func next() -> Cut? {
        while true {
            if afterCarriageReturn {
                guard !buffer.isEmpty else { return nil }
                if buffer[0] == Self.lineFeed { _ = buffer.take(1) }
                afterCarriageReturn = false
            }
            let end = buffer.firstOffset(from: searched, where: Self.isTerminator)
            if discarding {
                guard let end else {
                    _ = buffer.take(buffer.count)
                    searched = 0
                    return nil
                }
                _ = takeLine(length: end)
                discarding = false
                continue
            }
            if let end, end <= maximumLength {
                return .line(takeLine(length: end))
            }
            guard buffer.count > maximumLength else {
                searched = buffer.count
                return nil
            }
            let start = buffer.take(maximumLength + 1)
            searched = 0
            discarding = true
            return .overlong(start)
        }
    }

    /// Removes and returns the `length` bytes before the terminator, and the terminator.
    private mutating func takeLine(length: Int) -> [UInt8] {
        let line = buffer.take(length)
        afterCarriageReturn = buffer.take(1) == [Self.carriageReturn]
        searched = 0
        return line
    }

    private static func isTerminator(_ byte: UInt8) -> Bool { byte == carriageReturn || byte == lineFeed }
}
