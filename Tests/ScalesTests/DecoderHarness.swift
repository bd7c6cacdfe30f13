import DeviceKit
import LaneAgentTesting
import Scales

/// Feeds bytes to a fresh decoder in a given chunking and collects what comes out.
struct DecoderHarness {
    let driver: ScaleDriver
    var options = ScaleOptions()

    /// Frames and errors for `bytes` fed as `chunks` (lengths summing to `bytes.count`).
    func decode(_ bytes: [UInt8], chunks: [Int]) -> (frames: [ScaleFrame], raws: [[UInt8]], errors: [FrameError]) {
        var decoder = driver.decoder(options)
        var frames: [ScaleFrame] = []
        var raws: [[UInt8]] = []
        var errors: [FrameError] = []
        var offset = 0
        for length in chunks {
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

    /// The three chunkings every vector is fed in: whole, byte by byte, and random splits.
    static func chunkings(of count: Int, seed: UInt64) -> [(name: String, chunks: [Int])] {
        var random = SeededRandom(seed: seed)
        var splits: [Int] = []
        var left = count
        while left > 0 {
            let length = Int.random(in: 1...min(left, 7), using: &random)
            splits.append(length)
            left -= length
        }
        return [("whole", count > 0 ? [count] : []), ("byte by byte", Array(repeating: 1, count: count)), ("random splits", splits)]
    }
}
