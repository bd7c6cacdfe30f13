import Foundation
import Synchronization

/// Makes RFC 9562 version 7 UUIDs: 48 bits of Unix milliseconds, then a counter seeded at random
/// each millisecond (method 1), so ids from one agent sort in the order they were made.
public final class UUIDv7Generator: Sendable {
    private struct State {
        var lastMillis: Int64 = -1
        var counter: UInt16 = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// A new id for an instant; ids made in the same millisecond keep rising.
    public func next(at time: Timestamp) -> String {
        var random = SystemRandomNumberGenerator()
        let (millis, counter) = state.withLock { state -> (Int64, UInt16) in
            if time.millisecondsSinceEpoch > state.lastMillis {
                state.lastMillis = time.millisecondsSinceEpoch
                state.counter = UInt16.random(in: 0..<0x0800, using: &random)
            } else if state.counter < 0x0FFF {
                state.counter += 1
            } else {
                // 4096 ids in one millisecond: borrow the next millisecond rather than repeat.
                state.lastMillis += 1
                state.counter = 0
            }
            return (state.lastMillis, state.counter)
        }
        return Self.format(millis: millis, counter: counter, random: random.next())
    }

    /// The canonical 8-4-4-4-12 lowercase form of a v7 UUID built from its parts.
    public static func format(millis: Int64, counter: UInt16, random: UInt64) -> String {
        var bytes = [UInt8](repeating: 0, count: 16)
        let ms = UInt64(truncatingIfNeeded: millis)
        for index in 0..<6 { bytes[index] = UInt8(truncatingIfNeeded: ms >> (8 * (5 - index))) }
        bytes[6] = 0x70 | UInt8(truncatingIfNeeded: counter >> 8 & 0x0F)
        bytes[7] = UInt8(truncatingIfNeeded: counter)
        for index in 8..<16 { bytes[index] = UInt8(truncatingIfNeeded: random >> (8 * (15 - index))) }
        bytes[8] = 0x80 | (bytes[8] & 0x3F)
        let hex = Array(Hex.encode(bytes).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(36)
        for (index, byte) in hex.enumerated() {
            if index == 8 || index == 12 || index == 16 || index == 20 { out.append(UInt8(ascii: "-")) }
            out.append(byte)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
