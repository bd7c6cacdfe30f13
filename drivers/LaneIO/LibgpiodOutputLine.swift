import CGPIOD
import Foundation
import Synchronization

/// An output line requested through libgpiod v1. Release frees it; the kernel then leaves the
/// level where it was (libgpiod v1 makes no promise about it), hence the safe state in software.
final class LibgpiodOutputLine: GPIOOutputLine {
    struct State {
        var released = false
        /// False while a line requested as-is is still an input (never driven since boot).
        var isOutput: Bool
    }

    let chip: LibgpiodChip
    let name: String
    let line: LibgpiodLine
    let consumer: String
    let state: Mutex<State>

    init(chip: LibgpiodChip, name: String, line: LibgpiodLine, consumer: String, isOutput: Bool) {
        self.chip = chip
        self.name = name
        self.line = line
        self.consumer = consumer
        self.state = Mutex(State(isOutput: isOutput))
    }

    func set(_ value: Bool) throws(GPIOError) {
        let failure: GPIOError? = state.withLock { state in
            guard !state.released else { return .ioFailed(chip: chip.name, line: name, reason: "the line was released") }
            return chip.handle.withLock { _ -> GPIOError? in
                if state.isOutput {
                    guard gpiod_line_set_value(line.pointer, value ? 1 : 0) == 0 else {
                        return .ioFailed(chip: chip.name, line: name, reason: "setting it to \(value ? 1 : 0): \(LibgpiodChip.reason(errno))")
                    }
                    return nil
                }
                // Requested as-is while still an input: request it again, now as an output at `value`.
                gpiod_line_release(line.pointer)
                guard gpiod_line_request_output(line.pointer, consumer, value ? 1 : 0) == 0 else {
                    state.released = true
                    return .requestFailed(chip: chip.name, line: name, reason: "turning it into an output: \(LibgpiodChip.reason(errno))")
                }
                state.isOutput = true
                return nil
            }
        }
        if let failure { throw failure }
    }

    func release() {
        state.withLock { state in
            guard !state.released else { return }
            state.released = true
            chip.handle.withLock { _ in gpiod_line_release(line.pointer) }
        }
    }

    deinit { release() }
}
