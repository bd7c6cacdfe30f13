import DeviceKit

/// The ways a recorded stream is fed to a decoder in tests: whole, byte by byte, and in random
/// splits (seeded, so a failure replays).
public enum ByteChunking {
    /// The three chunkings of `count` bytes; random pieces are 1…`longest` bytes.
    public static func chunkings(of count: Int, seed: UInt64, longest: Int) -> [(name: String, lengths: [Int])] {
        var random = SeededRandom(seed: seed)
        var splits: [Int] = []
        var left = count
        while left > 0 {
            let length = Int.random(in: 1...min(left, longest), using: &random)
            splits.append(length)
            left -= length
        }
        return [("whole", count > 0 ? [count] : []), ("byte by byte", Array(repeating: 1, count: count)), ("random splits", splits)]
    }

    /// Frames (with their raw bytes) and errors `decoder` makes of `bytes` fed in `lengths`.
    public static func feed<Decoder: FrameDecoder>(_ bytes: [UInt8], lengths: [Int], to decoder: Decoder)
        -> (frames: [Decoder.Frame], raws: [[UInt8]], errors: [FrameError]) {
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
