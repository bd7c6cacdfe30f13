import LaneModel

/// One lane's GPIO: its debounced presence inputs and its barrier, turnstile and light outputs,
/// with the barrier interlock and the safe state (lights red, barrier closed once its loop is clear).
///
/// The safe state is asserted by software because a released line keeps its level: at start
/// (`init`, which also recovers from a crash), on stop (`safeState`), and when the exit loop
/// clears while a barrier close is waiting for it. `run()` must be running for presence and for
/// that deferred close.
public actor LaneIO {
    public let lane: String
    public let lines: LaneLineNames
    /// Debounced presence changes of the lane's loops, in order; ends on `close()`.
    public nonisolated let presence: AsyncStream<PresenceChange>
    /// Writes LaneIO makes on its own, not asked for by `perform`: the safe state at start, a
    /// barrier close that waited for its loop to clear, and `safeState`. The daemon records them.
    public nonisolated let automaticWrites: AsyncStream<LineWrite>
    /// The writes made by `init` to reach the safe state (also sent on `automaticWrites`).
    public nonisolated let startupWrites: [LineWrite]

    private let chipName: String
    /// Times line writes, waits out debounce windows and pulses (a test's clock advances them).
    private let clock: any AgentClock
    private var inputs: [PresenceLoop: any GPIOInputLine]
    private var outputs: [OutputRole: any GPIOOutputLine]
    private var debouncers: [PresenceLoop: Debouncer]
    /// Pending debounce checks, one per loop with an unsettled level.
    private var settles: [PresenceLoop: Task<Void, Never>] = [:]
    /// True while the barrier was left as it was because its loop was occupied: it closes when the loop clears.
    private var barrierCloseWaiting: Bool
    private var closed = false
    private let presenceContinuation: AsyncStream<PresenceChange>.Continuation
    private let automaticContinuation: AsyncStream<LineWrite>.Continuation

    /// The output roles, named as in `[lanes.gpio]`.
    enum OutputRole: String, CaseIterable {
        case barrier, turnstile, green, red
    }

    /// Requests every configured line on `chip` and drives the outputs to the safe state: lights
    /// red, turnstile released-line low, barrier closed only if the exit loop reads clear (else it
    /// is left as it is and closed once the loop clears). Releases what it took if a request fails.
    public init(lane: String, chip: any GPIOChip, lines: LaneLineNames, consumer: String = "laneagent",
                clock: any AgentClock = SystemClock()) throws(GPIOError) {
        self.lane = lane
        self.lines = lines
        self.clock = clock
        chipName = chip.name
        var inputs: [PresenceLoop: any GPIOInputLine] = [:]
        var outputs: [OutputRole: any GPIOOutputLine] = [:]
        var debouncers: [PresenceLoop: Debouncer] = [:]
        var writes: [LineWrite] = []
        var waiting = false
        do throws(GPIOError) {
            for (loop, name) in Self.inputNames(lines) {
                let input = try chip.requestInput(name, consumer: consumer)
                inputs[loop] = input
                debouncers[loop] = Debouncer(windowMilliseconds: lines.debounceMilliseconds, initial: try input.value())
            }
            // Green off before red on: never both lit, and dark for an instant is safer than green.
            for (role, level) in [(OutputRole.green, false), (.red, true), (.turnstile, false)] {
                guard let name = Self.name(of: role, in: lines) else { continue }
                outputs[role] = try chip.requestOutput(name, consumer: consumer, initial: level)
                writes.append(LineWrite(line: name, value: level, time: clock.now()))
            }
            if let name = lines.barrier {
                // Raw as well as debounced: a loop that just became occupied must not see the arm come down.
                let occupied = try inputs[.exit].map { input throws(GPIOError) in try input.value() } ?? false
                if occupied {
                    outputs[.barrier] = try chip.requestOutputKeepingLevel(name, consumer: consumer)
                    waiting = true
                } else {
                    outputs[.barrier] = try chip.requestOutput(name, consumer: consumer, initial: false)
                    writes.append(LineWrite(line: name, value: false, time: clock.now()))
                }
            }
        } catch {
            for input in inputs.values { input.release() }
            for output in outputs.values { output.release() }
            throw error
        }
        self.inputs = inputs
        self.outputs = outputs
        self.debouncers = debouncers
        barrierCloseWaiting = waiting
        startupWrites = writes
        (presence, presenceContinuation) = AsyncStream.makeStream(of: PresenceChange.self)
        (automaticWrites, automaticContinuation) = AsyncStream.makeStream(of: LineWrite.self, bufferingPolicy: .bufferingNewest(256))
        for write in writes { automaticContinuation.yield(write) }
    }

    /// Reads every input's edges, debounces them into `presence`, and closes a waiting barrier
    /// once the exit loop clears; returns on `close()` or when cancelled.
    public func run() async {
        let inputs = self.inputs
        await withTaskGroup(of: Void.self) { group in
            for (loop, input) in inputs {
                group.addTask {
                    for await edge in input.edges { await self.received(edge, on: loop) }
                }
            }
        }
    }

    /// The debounced level of `loop` (false when not wired).
    public func isOccupied(_ loop: PresenceLoop) -> Bool {
        debouncers[loop]?.level ?? false
    }

    /// True while the barrier was left as it was at start because its loop was occupied.
    public var isBarrierCloseWaiting: Bool { barrierCloseWaiting }

    /// Performs `action` and returns the levels written, in order; refuses `barrier.close` while
    /// the exit loop is occupied (the lane machine never asks; this is defence in depth).
    public func perform(_ action: Actuation) async throws(GPIOError) -> [LineWrite] {
        switch action {
        case .barrierOpen:
            let write = try set(.barrier, true)
            barrierCloseWaiting = false
            return [write]
        case .barrierClose:
            _ = try output(.barrier)
            if exitLoopOccupied() {
                throw .interlock(line: lines.barrier ?? "barrier", loop: "exit")
            }
            let write = try set(.barrier, false)
            barrierCloseWaiting = false
            return [write]
        case .turnstileRelease:
            let pulse = Duration.milliseconds(lines.turnstilePulseMilliseconds)
            let on = try set(.turnstile, true)
            // Cancellation only shortens the pulse: the release line must always come back down.
            do { try await clock.sleep(for: pulse) } catch {}
            return [on, try set(.turnstile, false)]
        case .lightsGreen:
            _ = try output(.green)
            var writes: [LineWrite] = []
            if outputs[.red] != nil { writes.append(try set(.red, false)) }
            writes.append(try set(.green, true))
            return writes
        case .lightsRed:
            _ = try output(.red)
            return try lightsRed()
        }
    }

    /// Shutdown: lights red, turnstile line low, and the barrier closed as soon as the exit loop
    /// reads clear for the debounce window, waiting up to `timeout` (after which the barrier is
    /// left as it is: closing on a vehicle is worse). Returns the writes made.
    @discardableResult
    public func safeState(timeout: Duration = .seconds(30)) async -> [LineWrite] {
        var writes: [LineWrite] = []
        if outputs[.red] != nil || outputs[.green] != nil { writes += (try? lightsRed()) ?? [] }
        if outputs[.turnstile] != nil, let write = try? set(.turnstile, false) { writes.append(write) }
        if outputs[.barrier] != nil, await waitForClearExitLoop(timeout: timeout), let write = try? set(.barrier, false) {
            barrierCloseWaiting = false
            writes.append(write)
        }
        for write in writes { automaticContinuation.yield(write) }
        return writes
    }

    /// Releases every line (outputs keep their levels) and ends `presence` and `automaticWrites`.
    public func close() {
        guard !closed else { return }
        closed = true
        for task in settles.values { task.cancel() }
        settles.removeAll()
        for input in inputs.values { input.release() }
        for output in outputs.values { output.release() }
        inputs.removeAll()
        outputs.removeAll()
        presenceContinuation.finish()
        automaticContinuation.finish()
    }

    // MARK: - Presence

    private func received(_ edge: GPIOEdge, on loop: PresenceLoop) {
        guard !closed, var debouncer = debouncers[loop] else { return }
        let change = debouncer.raw(edge.value, at: edge.time)
        debouncers[loop] = debouncer
        if let change { publish(change, on: loop) }
        settles.removeValue(forKey: loop)?.cancel()
        if let deadline = debouncer.deadline {
            // Wait out the window on the clock, then judge it in the edges' own time.
            let window = Duration.milliseconds(deadline.millisecondsSinceEpoch - edge.time.millisecondsSinceEpoch)
            settles[loop] = Task { [clock] in
                guard (try? await clock.sleep(for: window)) != nil else { return }
                self.settle(loop, at: deadline)
            }
        }
    }

    private func settle(_ loop: PresenceLoop, at deadline: Timestamp) {
        guard !closed, var debouncer = debouncers[loop] else { return }
        let change = debouncer.advance(to: deadline)
        debouncers[loop] = debouncer
        if let change { publish(change, on: loop) }
    }

    private func publish(_ change: Debouncer.Change, on loop: PresenceLoop) {
        presenceContinuation.yield(PresenceChange(loop: loop, occupied: change.level, time: change.since))
        if loop == .exit, !change.level, barrierCloseWaiting, let write = try? set(.barrier, false) {
            barrierCloseWaiting = false
            automaticContinuation.yield(write)
        }
    }

    /// Occupied if either the debounced level or the raw level says so: the interlock errs on the side of the vehicle.
    private func exitLoopOccupied() -> Bool {
        guard let input = inputs[.exit] else { return false }
        if debouncers[.exit]?.level == true { return true }
        return (try? input.value()) ?? true
    }

    /// Polls the exit loop's raw level until it has read clear for the debounce window, or `timeout` passes.
    private func waitForClearExitLoop(timeout: Duration) async -> Bool {
        guard let input = inputs[.exit] else { return true }
        let deadline = clock.uptime() + timeout
        // Clear already (debounced and raw) closes at once; otherwise clear must hold for the window.
        var debouncer = Debouncer(windowMilliseconds: lines.debounceMilliseconds, initial: exitLoopOccupied())
        while debouncer.level {
            guard let level = try? input.value() else { return false }
            if debouncer.raw(level, at: clock.now()) != nil { continue }
            guard clock.uptime() < deadline else { return false }
            guard (try? await clock.sleep(for: .milliseconds(10))) != nil else { return false }
        }
        return true
    }

    // MARK: - Outputs

    private func lightsRed() throws(GPIOError) -> [LineWrite] {
        var writes: [LineWrite] = []
        if outputs[.green] != nil { writes.append(try set(.green, false)) }
        if outputs[.red] != nil { writes.append(try set(.red, true)) }
        return writes
    }

    private func output(_ role: OutputRole) throws(GPIOError) -> (name: String, line: any GPIOOutputLine) {
        guard let name = Self.name(of: role, in: lines) else { throw .notConfigured(lane: lane, role: role.rawValue) }
        guard !closed, let line = outputs[role] else {
            throw .ioFailed(chip: chipName, line: name, reason: "lane \(lane)'s lines were released")
        }
        return (name, line)
    }

    private func set(_ role: OutputRole, _ value: Bool) throws(GPIOError) -> LineWrite {
        let (name, line) = try output(role)
        try line.set(value)
        return LineWrite(line: name, value: value, time: clock.now())
    }

    private static func name(of role: OutputRole, in lines: LaneLineNames) -> String? {
        switch role {
        case .barrier: lines.barrier
        case .turnstile: lines.turnstile
        case .green: lines.green
        case .red: lines.red
        }
    }

    private static func inputNames(_ lines: LaneLineNames) -> [(PresenceLoop, String)] {
        [(PresenceLoop.entry, lines.entryLoop), (.exit, lines.exitLoop), (.passage, lines.passage)].compactMap { loop, name in
            name.map { (loop, $0) }
        }
    }
}
