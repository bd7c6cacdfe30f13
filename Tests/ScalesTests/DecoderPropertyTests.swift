import DeviceKit
import LaneAgentTesting
import LaneModel
import Scales
import Testing

@Suite("Scale decoders: resynchronising, and never a weight from a bad frame")
struct DecoderPropertyTests {
    /// A stream of frames the driver's simulated indicator sends (or answers) for `weights`.
    static func stream(_ driver: ScaleDriver, _ weights: [Double]) -> [[UInt8]] {
        weights.map { weight in
            var indicator = driver.indicator()
            let state = IndicatorState(weightKg: weight)
            if driver.isPolled { return indicator.receive(driver.poll(ScaleOptions())!.request, state: state) }
            return indicator.frame(for: state)
        }
    }

    static let weights: [Double] = [0, 1560, 24350, 49_870, 320, 7, 15_000]

    @Test("the simulator's frames decode to the weights it was given, in any chunking", arguments: ScaleDrivers.all.map(\.name))
    func roundTrip(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        let frames = Self.stream(driver, Self.weights)
        let bytes = frames.flatMap { $0 }
        for chunking in DecoderHarness.chunkings(of: bytes.count, seed: 7) {
            let result = DecoderHarness(driver: driver).decode(bytes, chunks: chunking.chunks)
            #expect(result.errors.isEmpty, "\(chunking.name): \(result.errors)")
            #expect(result.frames.map(\.weightKg) == Self.weights, "\(chunking.name)")
            #expect(result.raws == frames)
        }
    }

    @Test("line noise between frames is reported and the frames around it still decode", arguments: ScaleDrivers.all.map(\.name))
    func noiseBetweenFrames(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        var random = SeededRandom(seed: 42)
        var bytes: [UInt8] = []
        for frame in Self.stream(driver, Self.weights) {
            bytes += frame
            // Noise without the protocol's frame start or line end, as a loose cable adds.
            bytes += (0..<Int.random(in: 1...9, using: &random)).map { _ in
                [0x00, 0x7F, 0xFF, 0x55, 0xAA, 0x3F, 0x80, 0x41][Int.random(in: 0..<8, using: &random)]
            }
            // A line protocol can only resynchronise on a line end: noise there is a line of its own.
            if name == "mt-sics" { bytes += [0x0D, 0x0A] }
        }
        bytes += Self.stream(driver, [1234]).flatMap { $0 }
        let result = DecoderHarness(driver: driver).decode(bytes, chunks: [bytes.count])
        #expect(result.frames.compactMap(\.weightKg) == Self.weights + [1234])
        #expect(!result.errors.isEmpty)
    }

    @Test("a frame with any one byte changed never yields a different weight", arguments: ["yaohua-xk3190", "toledo-continuous"])
    func corruptedByte(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        let frame = try #require(Self.stream(driver, [24350]).first)
        var random = SeededRandom(seed: 3)
        for position in frame.indices {
            for _ in 0..<16 {
                var damaged = frame
                damaged[position] ^= UInt8.random(in: 1...255, using: &random)
                // A good frame after it proves the decoder resynchronised.
                let bytes = damaged + frame
                let result = DecoderHarness(driver: driver).decode(bytes, chunks: [bytes.count])
                #expect(result.frames.last?.weightKg == 24350, "byte \(position) changed: \(Hex.spaced(damaged))")
                for decoded in result.frames.dropLast() {
                    // Only a change the check cannot see in principle (none for a single byte) may pass.
                    #expect(decoded.weightKg == 24350, "byte \(position) changed decoded as \(String(describing: decoded.weightKg))")
                }
            }
        }
    }

    @Test("a truncated frame is one error and decoding goes on", arguments: ScaleDrivers.all.map(\.name))
    func truncated(_ name: String) throws {
        let driver = try #require(ScaleDrivers.named(name))
        let frame = try #require(Self.stream(driver, [24350]).first)
        let bytes = Array(frame.prefix(frame.count / 2)) + frame + frame
        let result = DecoderHarness(driver: driver).decode(bytes, chunks: Array(repeating: 1, count: bytes.count))
        // A framed protocol sees the next start byte; a line protocol loses the line the cut one ran into.
        #expect(result.frames.map(\.weightKg) == (name == "mt-sics" ? [24350] : [24350, 24350]))
        #expect(result.errors.count == 1)
    }
}
