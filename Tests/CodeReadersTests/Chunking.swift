import DeviceKit
import LaneAgentTesting

/// The ways every recorded stream is fed to a decoder: whole, byte by byte, and in random
/// splits (seeded, so a failure replays).
struct Chunking: Sendable, CustomStringConvertible {
    let description: String
    let lengths: [Int]

    static func all(for count: Int, seed: UInt64) -> [Chunking] {
        ByteChunking.chunkings(of: count, seed: seed, longest: 29).map { Chunking(description: $0.name, lengths: $0.lengths) }
    }

    /// A seed from a fixture's name, so each fixture gets its own splits.
    static func seed(_ name: String) -> UInt64 { name.utf8.reduce(1_469_598_103_934_665_603) { ($0 ^ UInt64($1)) &* 1_099_511_628_211 } }

    /// Frames and errors `decoder` makes of `bytes` fed in these lengths.
    func feed<Decoder: FrameDecoder>(_ bytes: [UInt8], to decoder: Decoder) -> (frames: [Decoder.Frame], raws: [[UInt8]], errors: [FrameError]) {
        ByteChunking.feed(bytes, lengths: lengths, to: decoder)
    }
}
