import LaneAgentTesting
import LaneIO
import LaneModel
import Testing

/// A lane's GPIO on the simulated chip: the safe state, the barrier interlock, the turnstile
/// pulse, the lights and debounced presence, as the barrier and lights would show them. Windows
/// and pulses run on a `ManualClock` the test advances, so their timing is exact and nothing
/// waits on the wall clock.
@Suite("A lane's GPIO", .timeLimit(.minutes(3)))
struct LaneIOTests {
    static let allLines = ["LOOP_IN", "LOOP_OUT", "PASSAGE", "BARRIER", "TURNSTILE", "GREEN", "RED"]

    static func cargoLines(debounce: Int = 20) -> LaneLineNames {
        var lines = LaneLineNames(entryLoop: "LOOP_IN", exitLoop: "LOOP_OUT", barrier: "BARRIER", green: "GREEN", red: "RED")
        lines.debounceMilliseconds = debounce
        return lines
    }

    static func peopleLines(pulse: Int = 60) -> LaneLineNames {
        var lines = LaneLineNames(passage: "PASSAGE", turnstile: "TURNSTILE", green: "GREEN", red: "RED")
        lines.debounceMilliseconds = 20
        lines.turnstilePulseMilliseconds = pulse
        return lines
    }

    /// Waits (without blocking a thread) until `condition` holds, for at most `timeout`: generous,
    /// because the whole suite shares two cores with child processes.
    static func eventually(_ timeout: Duration = .seconds(30), _ condition: () async -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if await condition() { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return await condition()
    }

    /// Advances `clock` 10 ms at a time, each once the code under test is asleep again, until
    /// `task` has finished; its value.
    static func advance<T: Sendable>(_ clock: ManualClock, until task: Task<T, Never>, step: Duration = .milliseconds(10)) async throws -> T {
        let done = Done()
        let watcher = Task { let value = await task.value; await done.set(); return value }
        while await !done.value {
            if clock.sleepers > 0 { clock.advance(by: step) } else { await Task.yield() }
        }
        return await watcher.value
    }

    actor Done {
        var value = false
        func set() { value = true }
    }

    @Test("at start after a crash (barrier open, lights green) with the exit loop clear: lights red, barrier closed")
    func safeStateAtStartLoopClear() async throws {
        let chip = SimulatedChip(lines: Self.allLines, levels: ["BARRIER": true, "GREEN": true, "TURNSTILE": true])
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines())
        #expect(chip.level(of: "RED") == true && chip.level(of: "GREEN") == false)
        #expect(chip.level(of: "BARRIER") == false)
        #expect(chip.level(of: "TURNSTILE") == true, "not configured for a cargo lane, so not touched")
        #expect(io.startupWrites.map(\.line) == ["GREEN", "RED", "BARRIER"])
        #expect(await !io.isBarrierCloseWaiting)
        #expect(chip.consumer(of: "BARRIER") == "laneagent")
        await io.close()
        #expect(chip.consumer(of: "BARRIER") == nil && chip.level(of: "RED") == true, "released lines keep their level")
    }

    @Test("at start with a truck on the exit loop the barrier is left open, and closes once the loop clears")
    func safeStateAtStartLoopOccupied() async throws {
        let chip = SimulatedChip(lines: Self.allLines, levels: ["BARRIER": true, "GREEN": true, "LOOP_OUT": true])
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines())
        #expect(chip.level(of: "BARRIER") == true)
        #expect(chip.level(of: "RED") == true && chip.level(of: "GREEN") == false)
        #expect(await io.isOccupied(.exit))
        #expect(await io.isBarrierCloseWaiting)
        let runner = Task { await io.run() }
        try await Task.sleep(for: .milliseconds(60))
        #expect(chip.level(of: "BARRIER") == true, "never closes while the truck is still there")
        try chip.drive("LOOP_OUT", to: false)
        #expect(try await Self.eventually { chip.level(of: "BARRIER") == false })
        var automatic: [LineWrite] = []
        for await write in io.automaticWrites {
            automatic.append(write)
            if write.line == "BARRIER" { break }
        }
        #expect(automatic.map(\.line) == ["GREEN", "RED", "BARRIER"])
        await io.close()
        await runner.value
    }

    @Test("barrier.close is refused while the exit loop is occupied, even before debouncing has counted it")
    func interlock() async throws {
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines(debounce: 1000))
        let runner = Task { await io.run() }
        _ = try await io.perform(.barrierOpen)
        try chip.drive("LOOP_OUT", to: true)
        await #expect(throws: GPIOError.interlock(line: "BARRIER", loop: "exit")) { try await io.perform(.barrierClose) }
        #expect(chip.level(of: "BARRIER") == true)
        try chip.drive("LOOP_OUT", to: false)
        #expect(try await io.perform(.barrierClose).map(\.value) == [false])
        #expect(chip.level(of: "BARRIER") == false)
        #expect(GPIOError.interlock(line: "BARRIER", loop: "exit").code == "LA-GPIO-005")
        await io.close()
        await runner.value
    }

    @Test("safeState turns the lights red at once and closes the barrier when the loop clears")
    func safeStateWaitsForLoop() async throws {
        let clock = ManualClock()
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines(), clock: clock)
        _ = try await io.perform(.lightsGreen)
        _ = try await io.perform(.barrierOpen)
        try chip.drive("LOOP_OUT", to: true, at: clock.now())
        let stopping = Task { await io.safeState(timeout: .seconds(30)) }
        #expect(try await Self.eventually { chip.level(of: "RED") == true })
        #expect(chip.level(of: "GREEN") == false)
        // A second of the lane's time with the truck still on the loop: the barrier stays up.
        for _ in 0..<100 {
            #expect(await clock.waitForSleepers())
            clock.advance(by: .milliseconds(10))
        }
        #expect(chip.level(of: "BARRIER") == true)
        let cleared = clock.now()
        try chip.drive("LOOP_OUT", to: false, at: cleared)
        let writes = try await Self.advance(clock, until: stopping)
        #expect(chip.level(of: "BARRIER") == false)
        let barrier = try #require(writes.last)
        #expect(barrier.line == "BARRIER" && !barrier.value)
        #expect(barrier.time.millisecondsSinceEpoch >= cleared.millisecondsSinceEpoch + 20, "the loop must stay clear for the debounce window")
        await io.close()
    }

    @Test("safeState leaves the barrier open if the loop stays occupied past the timeout")
    func safeStateTimeout() async throws {
        let clock = ManualClock()
        let chip = SimulatedChip(lines: Self.allLines, levels: ["LOOP_OUT": true])
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines(), clock: clock)
        _ = try await io.perform(.barrierOpen)
        let stopping = Task { await io.safeState(timeout: .seconds(30)) }
        let writes = try await Self.advance(clock, until: stopping)
        #expect(clock.uptime() >= .seconds(30), "gave up only when its timeout had passed on the lane's clock")
        #expect(chip.level(of: "BARRIER") == true)
        #expect(!writes.contains { $0.line == "BARRIER" })
        #expect(chip.level(of: "RED") == true)
        await io.close()
    }

    @Test("turnstile.release pulses its line for turnstile_pulse_ms and leaves it low")
    func turnstilePulse() async throws {
        let clock = ManualClock()
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "P1", chip: chip, lines: Self.peopleLines(pulse: 60), clock: clock)
        let release = Task { try await io.perform(.turnstileRelease) }
        #expect(await clock.waitForSleepers())
        clock.advance(by: .milliseconds(59))
        #expect(chip.level(of: "TURNSTILE") == true && clock.sleepers == 1, "still high 59 ms into the pulse")
        clock.advance(by: .milliseconds(1))
        let writes = try await release.value
        #expect(writes.map(\.line) == ["TURNSTILE", "TURNSTILE"])
        #expect(writes.map(\.value) == [true, false])
        #expect(writes[1].time.millisecondsSinceEpoch - writes[0].time.millisecondsSinceEpoch == 60)
        #expect(chip.level(of: "TURNSTILE") == false)
        await io.close()
    }

    @Test("green and red are never lit together, and each action says what it wrote")
    func lightsExclusive() async throws {
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "P1", chip: chip, lines: Self.peopleLines())
        #expect(try await io.perform(.lightsGreen).map { "\($0.line)=\($0.value ? 1 : 0)" } == ["RED=0", "GREEN=1"])
        #expect(try await io.perform(.lightsRed).map { "\($0.line)=\($0.value ? 1 : 0)" } == ["GREEN=0", "RED=1"])
        _ = try await io.perform(.lightsGreen)
        var levels = ["GREEN": false, "RED": false]
        for write in chip.writes where levels[write.line] != nil {
            levels[write.line] = write.value
            #expect(!(levels["GREEN"]! && levels["RED"]!), "both lit after \(write)")
        }
        #expect(chip.level(of: "GREEN") == true && chip.level(of: "RED") == false)
        await io.close()
    }

    @Test("an action the lane has no line for is a configuration error naming the role")
    func notConfigured() async throws {
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "P1", chip: chip, lines: Self.peopleLines())
        await #expect(throws: GPIOError.notConfigured(lane: "P1", role: "barrier")) { try await io.perform(.barrierOpen) }
        let error = GPIOError.notConfigured(lane: "P1", role: "barrier")
        #expect(error.description.contains("[lanes.gpio]") && error.code == "LA-GPIO-006" && error.isUsageError)
        await io.close()
    }

    @Test("a line that cannot be requested fails the start and releases the lines already taken")
    func failedStartReleases() throws {
        let chip = SimulatedChip(lines: ["LOOP_IN", "LOOP_OUT", "GREEN", "RED"])
        #expect(throws: GPIOError.noLine(chip: "simulated", line: "BARRIER", available: ["LOOP_IN", "LOOP_OUT", "GREEN", "RED"])) {
            try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines())
        }
        for line in chip.lineNames { #expect(chip.consumer(of: line) == nil, "\(line) still held") }
        let busy = SimulatedChip(lines: Self.allLines)
        _ = try busy.requestOutput("RED", consumer: "someone-else", initial: false)
        #expect(throws: GPIOError.self) { try LaneIO(lane: "C1", chip: busy, lines: Self.cargoLines()) }
        #expect(busy.consumer(of: "LOOP_IN") == nil && busy.consumer(of: "GREEN") == nil)
    }

    @Test("presence: driven loops come out debounced, a glitch shorter than the window is dropped")
    func presence() async throws {
        let clock = ManualClock()
        let chip = SimulatedChip(lines: Self.allLines)
        let io = try LaneIO(lane: "C1", chip: chip, lines: Self.cargoLines(debounce: 40), clock: clock)
        let runner = Task { await io.run() }
        let arrived = clock.now()
        try chip.drive("LOOP_IN", to: true, at: arrived)
        #expect(await clock.waitForSleepers())
        clock.advance(by: .milliseconds(39))
        #expect(await !io.isOccupied(.entry), "not yet: 39 ms of a 40 ms window")
        clock.advance(by: .milliseconds(1))
        #expect(try await Self.eventually { await io.isOccupied(.entry) })
        // A 5 ms drop-out on the exit loop: bounce, not a vehicle.
        try chip.drive("LOOP_OUT", to: true, at: clock.now())
        #expect(await clock.waitForSleepers())
        clock.advance(by: .milliseconds(5))
        try chip.drive("LOOP_OUT", to: false, at: clock.now())
        #expect(try await Self.eventually { clock.sleepers == 0 }, "the bounce's window is dropped")
        clock.advance(by: .milliseconds(100))
        #expect(await !io.isOccupied(.exit))
        try chip.drive("LOOP_IN", to: false, at: clock.now())
        #expect(await clock.waitForSleepers())
        clock.advance(by: .milliseconds(40))
        #expect(try await Self.eventually { await !io.isOccupied(.entry) })
        await io.close()
        await runner.value
        var changes: [PresenceChange] = []
        for await change in io.presence { changes.append(change) }
        #expect(changes.map { "\($0.loop.rawValue)=\($0.occupied)" } == ["entry=true", "entry=false"])
        #expect(changes.first?.time == arrived, "stamped when the loop changed, not when the window ended")
    }
}
