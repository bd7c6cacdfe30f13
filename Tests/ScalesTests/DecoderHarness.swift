import DeviceKit
import LaneAgentTesting
import Scales

/// Feeds bytes to a fresh decoder in a given chunking and collects what comes out.
struct DecoderHarness {
    let driver: ScaleDriver
    var options = ScaleOptions()

    /// Frames and errors for `bytes` fed as `chunks` (lengths summing to `bytes.count`).
    func decode(_ bytes: [UInt8], chunks: [Int]) -> (frames: [ScaleFrame], raws: [[UInt8]], errors: [FrameError]) {
        ByteChunking.feed(bytes, lengths: chunks, to: driver.decoder(options))
    }

    /// The three chunkings every vector is fed in: whole, byte by byte, and random splits.
    static func chunkings(of count: Int, seed: UInt64) -> [(name: String, chunks: [Int])] {
        ByteChunking.chunkings(of: count, seed: seed, longest: 7).map { ($0.name, $0.lengths) }
    }
}
