import Benchmark
import DeviceKit
import Foundation
import LaneModel
import Scales

/// Scale decoding: frames per second per decoder (pure, 1,000 frames per iteration), and the
/// latency from a frame's last byte written on a pseudo-terminal to its reading coming out of
/// the production serial device (target p99 ≤ 5 ms).
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(metrics: [.wallClock, .throughput], maxDuration: .seconds(5))

    for driver in ScaleDrivers.all {
        // What the line carries: the indicator's frames for a truck's changing weight.
        var indicator = driver.indicator()
        let stream: [UInt8] = (0..<1000).flatMap { index -> [UInt8] in
            let state = IndicatorState(weightKg: Double(20_000 + index * 7), motion: index % 10 != 0)
            return driver.isPolled ? indicator.receive(driver.poll(ScaleOptions())!.request, state: state) : indicator.frame(for: state)
        }
        Benchmark("Decode \(driver.name) (1,000 frames per iteration, 64-byte reads)",
                  configuration: .init(metrics: [.wallClock, .throughput], scalingFactor: .kilo)) { benchmark in
            for _ in 0..<max(1, benchmark.scaledIterations.count / 1000) {
                var session = driver.session(device: "bench")
                let time = ReceiveTime(wall: Timestamp(millisecondsSinceEpoch: 0), monotonicMilliseconds: 0)
                var offset = 0
                var readings = 0
                while offset < stream.count {
                    session.append(stream[offset..<min(offset + 64, stream.count)])
                    while case .frame? = session.next(at: time) { readings += 1 }
                    offset += 64
                }
                precondition(readings == 1000)
                blackHole(readings)
            }
        }
    }

    // One sample per frame: each run of the closure sends one frame and waits for its reading.
    let rig = LatencyRig()
    Benchmark("Latency: frame's last byte on the pty to the reading in the stream (yaohua-xk3190)",
              configuration: .init(metrics: [.wallClock], maxDuration: .seconds(10), maxIterations: 5000),
              closure: { _ in await rig.roundTrip() },
              setup: { try await rig.start() },
              teardown: { await rig.stop() })
}

/// A pseudo-terminal with the production serial device reading a Yaohua indicator on it.
actor LatencyRig {
    private let driver = ScaleDrivers.named("yaohua-xk3190")!
    private let frame = YaohuaXK3190Indicator.frame(weightKg: 24350)
    private var terminal: PseudoTerminal?
    private var running: Task<Void, Never>?
    private var events: AsyncStream<DeviceEvent<WeightReading>>.Iterator?

    func start() throws {
        let terminal = try PseudoTerminal()
        let driver = self.driver
        let device = SerialDevice(id: "bench", path: terminal.slavePath, settings: driver.defaultSettings) {
            driver.session(device: "bench")
        }
        running = Task { await device.run() }
        events = device.events.makeAsyncIterator()
        self.terminal = terminal
    }

    /// Writes one frame and waits for the reading it makes.
    func roundTrip() async {
        terminal!.send(frame)
        var iterator = events!
        defer { events = iterator }
        while let event = await iterator.next(isolation: #isolation) {
            if case .reading = event { return }
        }
        fatalError("the device stopped")
    }

    func stop() {
        running?.cancel()
    }
}
