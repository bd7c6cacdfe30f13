import LaneIO
import Synchronization

/// Opens the GPIO chip each lane names: kernel chips through libgpiod, and `simulated` chips
/// in process (one per lane, with exactly the lane's lines), which the demo and tests drive.
public final class LaneChips: Sendable {
    private let simulated = Mutex<[String: SimulatedChip]>([:])
    private let openKernelChip: @Sendable (String) throws(GPIOError) -> any GPIOChip

    public init(openKernelChip: @escaping @Sendable (String) throws(GPIOError) -> any GPIOChip = { name throws(GPIOError) in try GPIOChips.open(name) }) {
        self.openKernelChip = openKernelChip
    }

    public func chip(for lane: LaneSettings) throws(GPIOError) -> any GPIOChip {
        guard lane.gpio.chip == LaneGPIOSettings.simulatedChip else { return try openKernelChip(lane.gpio.chip) }
        let lines = lane.gpio.lines
        let names = [lines.entryLoop, lines.exitLoop, lines.passage, lines.barrier, lines.turnstile, lines.green, lines.red].compactMap { $0 }
        return simulated.withLock { chips in
            if let chip = chips[lane.id] { return chip }
            let chip = SimulatedChip(name: "simulated-\(lane.id)", lines: names)
            chips[lane.id] = chip
            return chip
        }
    }

    /// The simulated chip of `lane`, once the lanes were set up.
    public func simulatedChip(lane: String) -> SimulatedChip? { simulated.withLock { $0[lane] } }
}
