/// An output line of a `SimulatedChip`.
struct SimulatedOutputLine: GPIOOutputLine {
    let chip: SimulatedChip
    let name: String
    let request: Int

    func set(_ value: Bool) throws(GPIOError) {
        try chip.write(name, request: request, value: value)
    }

    func release() {
        chip.release(name, request: request)
    }
}

/// An input line of a `SimulatedChip`; its edges come from `SimulatedChip.drive`.
struct SimulatedInputLine: GPIOInputLine {
    let chip: SimulatedChip
    let name: String
    let request: Int
    let edges: AsyncStream<GPIOEdge>

    func value() throws(GPIOError) -> Bool {
        try chip.read(name, request: request)
    }

    func release() {
        chip.release(name, request: request)
    }
}
