import LaneModel
import Synchronization

/// A GPIO chip in memory with the kernel's rules, for tests and the demo: named lines, one
/// consumer per line (a second request fails as busy), inputs driven by `drive`, outputs
/// observable through `level(of:)` and `writes`. A released output keeps its last level, as a
/// real line does with libgpiod v1, so the safe state has to come from the software.
public final class SimulatedChip: GPIOChip {
    /// One simulated line.
    struct Line {
        var level = false
        var isOutput = false
        var consumer: String?
        /// Which request holds the line, so a released handle cannot touch a later request.
        var request = 0
        var edges: AsyncStream<GPIOEdge>.Continuation?
    }

    /// What the lock guards.
    struct State {
        var lines: [String: Line] = [:]
        var nextRequest = 1
        var writes: [LineWrite] = []
        var watchers: [Int: AsyncStream<LineWrite>.Continuation] = [:]
    }

    public let name: String
    public let label: String
    /// The line names in offset order.
    public let lineNames: [String]
    let state: Mutex<State>

    /// A chip with `lines` (offsets in that order), each at level 0 unless `levels` says otherwise.
    public init(name: String = "simulated", label: String = "LaneAgent simulated GPIO", lines: [String], levels: [String: Bool] = [:]) {
        self.name = name
        self.label = label
        self.lineNames = lines
        var state = State()
        for line in lines { state.lines[line] = Line(level: levels[line] ?? false) }
        self.state = Mutex(state)
    }

    public func lines() throws(GPIOError) -> [GPIOLineInfo] {
        state.withLock { state in
            lineNames.enumerated().map { offset, name in
                let line = state.lines[name]!
                return GPIOLineInfo(offset: offset, name: name, consumer: line.consumer, isOutput: line.isOutput,
                                    isUsed: line.consumer != nil, activeLow: false)
            }
        }
    }

    public func requestOutput(_ line: String, consumer: String, initial: Bool) throws(GPIOError) -> any GPIOOutputLine {
        try requestOutput(line, consumer: consumer, initial: Optional(initial))
    }

    public func requestOutputKeepingLevel(_ line: String, consumer: String) throws(GPIOError) -> any GPIOOutputLine {
        try requestOutput(line, consumer: consumer, initial: nil)
    }

    public func requestInput(_ line: String, consumer: String) throws(GPIOError) -> any GPIOInputLine {
        let (edges, continuation) = AsyncStream.makeStream(of: GPIOEdge.self)
        let request = try claim(line, consumer: consumer) { entry in
            entry.isOutput = false
            entry.edges = continuation
        }
        return SimulatedInputLine(chip: self, name: line, request: request, edges: edges)
    }

    /// Drives input `line` to `value` as the loop or sensor wired to it would; an input that is
    /// requested reports the edge, stamped `time`. Driving an output is refused.
    public func drive(_ line: String, to value: Bool, at time: Timestamp = .now()) throws(GPIOError) {
        let result: Result<Void, GPIOError> = state.withLock { state in
            guard var entry = state.lines[line] else { return .failure(noLine(line)) }
            if entry.isOutput, let consumer = entry.consumer {
                return .failure(.ioFailed(chip: name, line: line, reason: "it is an output held by \(consumer); only inputs can be driven"))
            }
            guard entry.level != value else { return .success(()) }
            entry.level = value
            entry.edges?.yield(GPIOEdge(line: line, value: value, time: time))
            state.lines[line] = entry
            return .success(())
        }
        try result.get()
    }

    /// The level of `line` now (an output keeps its level after release); nil for an unknown line.
    public func level(of line: String) -> Bool? {
        state.withLock { $0.lines[line]?.level }
    }

    /// Who holds `line`, if anyone.
    public func consumer(of line: String) -> String? {
        state.withLock { $0.lines[line]?.consumer }
    }

    /// Every level written to an output, in order (the initial level of a request included).
    public var writes: [LineWrite] {
        state.withLock { $0.writes }
    }

    /// The writes from now on, as they happen; finishes when the caller stops listening.
    public func watchWrites() -> AsyncStream<LineWrite> {
        let (stream, continuation) = AsyncStream.makeStream(of: LineWrite.self)
        let id = state.withLock { state in
            let id = state.nextRequest
            state.nextRequest += 1
            state.watchers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.watchers.removeValue(forKey: id) }
        }
        return stream
    }

    // MARK: - For the simulated lines

    private func requestOutput(_ line: String, consumer: String, initial: Bool?) throws(GPIOError) -> any GPIOOutputLine {
        let request = try claim(line, consumer: consumer) { entry in
            entry.isOutput = true
            entry.edges?.finish()
            entry.edges = nil
        }
        if let initial { try write(line, request: request, value: initial) }
        return SimulatedOutputLine(chip: self, name: line, request: request)
    }

    /// Marks `line` as held by `consumer` under a new request number, or fails like the kernel.
    private func claim(_ line: String, consumer: String, configure: (inout Line) -> Void) throws(GPIOError) -> Int {
        let result: Result<Int, GPIOError> = state.withLock { state in
            guard var entry = state.lines[line] else { return .failure(noLine(line)) }
            if let holder = entry.consumer {
                return .failure(.requestFailed(chip: name, line: line, reason: "the line is busy (EBUSY): held by \(holder)"))
            }
            let request = state.nextRequest
            state.nextRequest += 1
            entry.consumer = consumer
            entry.request = request
            configure(&entry)
            state.lines[line] = entry
            return .success(request)
        }
        return try result.get()
    }

    func write(_ line: String, request: Int, value: Bool) throws(GPIOError) {
        let result: Result<Void, GPIOError> = state.withLock { state in
            guard var entry = state.lines[line], entry.request == request, entry.consumer != nil else {
                return .failure(.ioFailed(chip: name, line: line, reason: "the line was released"))
            }
            entry.level = value
            state.lines[line] = entry
            let write = LineWrite(line: line, value: value, time: .now())
            state.writes.append(write)
            for watcher in state.watchers.values { watcher.yield(write) }
            return .success(())
        }
        try result.get()
    }

    func read(_ line: String, request: Int) throws(GPIOError) -> Bool {
        let level: Bool? = state.withLock { state in
            guard let entry = state.lines[line], entry.request == request, entry.consumer != nil else { return nil }
            return entry.level
        }
        guard let level else { throw .ioFailed(chip: name, line: line, reason: "the line was released") }
        return level
    }

    /// Frees `line` if `request` still holds it; the level stays.
    func release(_ line: String, request: Int) {
        state.withLock { state in
            guard var entry = state.lines[line], entry.request == request, entry.consumer != nil else { return }
            entry.consumer = nil
            entry.edges?.finish()
            entry.edges = nil
            state.lines[line] = entry
        }
    }

    private func noLine(_ line: String) -> GPIOError {
        .noLine(chip: name, line: line, available: lineNames)
    }
}
