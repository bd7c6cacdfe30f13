import DeviceKit
import Foundation
import LaneModel
import Synchronization

/// A weighbridge indicator on a pseudo-terminal, speaking a driver's wire protocol: continuous
/// frames at the protocol's rate, or answers to the host's commands. The load is set directly,
/// or played from a `WeightScript`; `noiseKg` adds uniform noise to each frame like a real
/// platform in wind.
public final class ScaleSimulator: Sendable {
    public let driver: ScaleDriver
    public let terminal: PseudoTerminal
    public let noiseKg: Double
    /// The indicator's own baud rate, when the simulation should act out a reader set to
    /// another one; nil sends clean frames whatever the reader's setting.
    public let baud: Int?
    private let state: Mutex<IndicatorState>
    private let indicator: Mutex<any SimulatedIndicator>

    public init(driver: ScaleDriver, options: ScaleOptions = ScaleOptions(), terminal: PseudoTerminal,
                initial: IndicatorState = IndicatorState(), noiseKg: Double = 0, baud: Int? = nil,
                display: IndicatorDisplay = IndicatorDisplay()) {
        self.driver = driver
        self.terminal = terminal
        self.noiseKg = noiseKg
        self.baud = baud
        self.state = Mutex(initial)
        self.indicator = Mutex(driver.indicator(options, display: display))
    }

    /// Changes the load on the platform.
    public func update(_ change: @Sendable (inout IndicatorState) -> Void) {
        state.withLock { change(&$0) }
    }

    /// The load now.
    public var current: IndicatorState { state.withLock { $0 } }

    /// Plays `script` once, step by step, then holds its last load.
    public func play(_ script: WeightScript) async throws {
        for step in script.steps {
            let start = ContinuousClock.now
            while true {
                let elapsed = ContinuousClock.now - start
                let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
                update { $0 = step.state(at: seconds) }
                if seconds >= step.seconds { break }
                try await Task.sleep(for: .milliseconds(50))
            }
        }
    }

    /// Serves the line until the task is cancelled.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            if let interval = indicator.withLock({ $0.frameInterval }) {
                group.addTask { [self] in
                    let clock = ContinuousClock()
                    var deadline = clock.now
                    while !Task.isCancelled {
                        let load = noisy(current)
                        let frame = indicator.withLock { $0.frame(for: load) }
                        terminal.send(onLine(frame))
                        deadline += interval
                        do { try await clock.sleep(until: deadline) } catch { return }
                    }
                }
            }
            group.addTask { [self] in
                do {
                    for try await bytes in terminal.received() {
                        // Requests sent at another speed are noise to the indicator: no answer.
                        if speedMismatch { continue }
                        let load = noisy(current)
                        let reply = indicator.withLock { $0.receive(bytes, state: load) }
                        if !reply.isEmpty { terminal.send(reply) }
                    }
                } catch {}
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// True when the reader's baud rate differs from the indicator's.
    private var speedMismatch: Bool {
        guard let baud, let line = terminal.lineBaud else { return false }
        return line != baud
    }

    /// `frame` as a UART at the reader's speed would receive it: at the right speed unchanged;
    /// otherwise each character sampled at the wrong rate, which makes fewer (reader slower) or
    /// more (reader faster) bytes, mostly with the high bit set from the idle line's 1-bits.
    func onLine(_ frame: [UInt8]) -> [UInt8] {
        guard speedMismatch, let baud, let line = terminal.lineBaud else { return frame }
        if line < baud {
            let ratio = max(1, baud / line)
            return stride(from: 0, to: frame.count, by: ratio).map { start in
                frame[start..<min(frame.count, start + ratio)].reduce(UInt8(0x80)) { $0 | ($1 & 0xF0) } | 0x80
            }
        }
        let ratio = max(1, line / baud)
        return frame.flatMap { byte in (0..<ratio).map { $0 == 0 ? (byte << 4) | 0x80 | (byte & 0x01) : 0xFF } }
    }

    private func noisy(_ load: IndicatorState) -> IndicatorState {
        guard noiseKg > 0 else { return load }
        var noisy = load
        noisy.weightKg += Double.random(in: -noiseKg...noiseKg)
        return noisy
    }
}
