import Foundation

/// One `struct input_event` from `linux/input.h`: a `timeval`, then type (u16), code (u16) and
/// value (s32), in the machine's byte order (little-endian on every board we target). The
/// `timeval` is two longs: 24 bytes in all on 64-bit Linux, 16 on 32-bit.
public struct InputEvent: Sendable, Hashable {
    /// `EV_SYN`: markers between groups of events.
    static let synchronization: UInt16 = 0
    /// `EV_KEY`: a key went down (value 1), repeated (2) or came up (0).
    static let key: UInt16 = 1
    /// `SYN_REPORT`: the end of one group of events.
    static let report: UInt16 = 0
    /// `SYN_DROPPED`: the kernel's buffer overflowed and events were lost.
    static let dropped: UInt16 = 3

    /// The record size of this machine: `sizeof(struct timeval) + 8`.
    public static let nativeSize = MemoryLayout<timeval>.size + 8

    public var seconds: Int64
    public var microseconds: Int64
    public var type: UInt16
    public var code: UInt16
    public var value: Int32

    public init(seconds: Int64 = 0, microseconds: Int64 = 0, type: UInt16, code: UInt16, value: Int32) {
        self.seconds = seconds
        self.microseconds = microseconds
        self.type = type
        self.code = code
        self.value = value
    }

    /// Reads one record of `bytes.count` bytes (16 or 24).
    init(_ bytes: [UInt8]) {
        let word = (bytes.count - 8) / 2
        func integer(_ offset: Int, _ length: Int) -> UInt64 {
            (0..<length).reduce(0) { $0 | UInt64(bytes[offset + $1]) << (8 * $1) }
        }
        func signed(_ offset: Int, _ length: Int) -> Int64 {
            let raw = integer(offset, length)
            let shift = UInt64(64 - 8 * length)
            return Int64(bitPattern: raw << shift) >> Int64(shift)
        }
        seconds = signed(0, word)
        microseconds = signed(word, word)
        type = UInt16(integer(2 * word, 2))
        code = UInt16(integer(2 * word + 2, 2))
        value = Int32(truncatingIfNeeded: signed(2 * word + 4, 4))
    }

    /// The record as the kernel writes it, `size` bytes (16 or 24).
    public func bytes(size: Int = nativeSize) -> [UInt8] {
        let word = (size - 8) / 2
        func little(_ value: UInt64, _ length: Int) -> [UInt8] { (0..<length).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        return little(UInt64(bitPattern: seconds), word) + little(UInt64(bitPattern: microseconds), word)
            + little(UInt64(type), 2) + little(UInt64(code), 2) + little(UInt64(UInt32(bitPattern: value)), 4)
    }
}
