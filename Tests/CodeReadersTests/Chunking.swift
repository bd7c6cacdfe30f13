import DeviceKit
import LaneAgentTesting

/// The ways every recorded stream is fed to a decoder: whole, byte by byte, and in random
/// splits (seeded, so a failure replays).
struct Chunking: Sendable, CustomStringConvertible {
    let description: String
    let lengths: [Int]

    static func all(for count: Int, seed: UInt64) -> [Chunking] {
        var random = SeededRandom(seed: seed)
        var splits: [Int] = []
        var left = count
        while left > 0 {
            let length = Int.random(in: 1...min(left, 29), using: &random)
            splits.append(length)
            left -= length
        }
        return [Chunking(description: "whole", lengths: count > 0 ? [count] : []),
                Chunking(description: "byte by byte", lengths: Array(repeating: 1, count: count)),
                Chunking(description: "random splits", lengths: splits)]
    }

    /// A seed from a fixture's name, so each fixture gets its own splits.
    static func seed(_ name: String) -> UInt64 { name.utf8.reduce(1469598103934665603) { ($0 ^ UInt64($1)) &* 1099511628211 } }

    /// Frames and errors `decoder` makes of `bytes` fed in these lengths.
    func feed<Decoder: FrameDecoder>(_ bytes: [UInt8], to decoder: Decoder) -> (frames: [Decoder.Frame], raws: [[UInt8]], errors: [FrameError]) {
        var decoder = decoder
        var frames: [Decoder.Frame] = []
        var raws: [[UInt8]] = []
        var errors: [FrameError] = []
        var offset = 0
        for length in lengths {
            for step in decoder.decode(bytes[offset..<offset + length]) {
                switch step {
                case .frame(let frame, let raw):
                    frames.append(frame)
                    raws.append(raw)
                case .error(let error): errors.append(error)
                }
            }
            offset += length
        }
        return (frames, raws, errors)
    }
}
