import LaneIO
import LaneModel
import Testing

/// The simulated chip keeps the kernel's rules, so tests and the demo exercise what a board would.
@Suite("The simulated GPIO chip", .timeLimit(.minutes(1)))
struct SimulatedChipTests {
    @Test("a line held by one consumer cannot be requested again (EBUSY) until released")
    func busy() throws {
        let chip = SimulatedChip(lines: ["BARRIER"])
        let first = try chip.requestOutput("BARRIER", consumer: "laneagent", initial: false)
        #expect(throws: GPIOError.requestFailed(chip: "simulated", line: "BARRIER", reason: "the line is busy (EBUSY): held by laneagent")) {
            try chip.requestInput("BARRIER", consumer: "laneagent-diag")
        }
        first.release()
        #expect(chip.consumer(of: "BARRIER") == nil)
        _ = try chip.requestOutput("BARRIER", consumer: "laneagent-diag", initial: true)
        #expect(chip.consumer(of: "BARRIER") == "laneagent-diag")
    }

    @Test("an unknown line is an error naming the lines the chip has")
    func unknownLine() {
        let chip = SimulatedChip(lines: ["LOOP_IN", "BARRIER"])
        do {
            _ = try chip.requestInput("LOOP_OUT", consumer: "laneagent")
            Issue.record("requested a line that does not exist")
        } catch {
            #expect(error == .noLine(chip: "simulated", line: "LOOP_OUT", available: ["LOOP_IN", "BARRIER"]))
            #expect(error.code == "LA-GPIO-002")
            #expect(error.description.contains("LOOP_IN, BARRIER"))
        }
        #expect(throws: GPIOError.self) { try chip.drive("NOPE", to: true) }
    }

    @Test("a released output keeps its last level, and its handle can no longer write")
    func releaseKeepsLevel() throws {
        let chip = SimulatedChip(lines: ["BARRIER"])
        let output = try chip.requestOutput("BARRIER", consumer: "laneagent", initial: false)
        try output.set(true)
        output.release()
        #expect(chip.level(of: "BARRIER") == true)
        #expect(throws: GPIOError.self) { try output.set(false) }
        #expect(chip.writes.map(\.value) == [false, true])
    }

    @Test("requesting an output keeping its level writes nothing")
    func keepingLevel() throws {
        let chip = SimulatedChip(lines: ["BARRIER"], levels: ["BARRIER": true])
        _ = try chip.requestOutputKeepingLevel("BARRIER", consumer: "laneagent")
        #expect(chip.level(of: "BARRIER") == true)
        #expect(chip.writes.isEmpty)
    }

    @Test("driving a requested input reports each change of level once, with its time")
    func edges() async throws {
        let chip = SimulatedChip(lines: ["LOOP_IN"])
        let input = try chip.requestInput("LOOP_IN", consumer: "laneagent")
        let start = Timestamp(millisecondsSinceEpoch: 1_000)
        try chip.drive("LOOP_IN", to: true, at: start)
        try chip.drive("LOOP_IN", to: true, at: start)
        try chip.drive("LOOP_IN", to: false, at: Timestamp(millisecondsSinceEpoch: 2_000))
        #expect(try input.value() == false)
        input.release()
        var edges: [GPIOEdge] = []
        for await edge in input.edges { edges.append(edge) }
        #expect(edges == [GPIOEdge(line: "LOOP_IN", value: true, time: start),
                          GPIOEdge(line: "LOOP_IN", value: false, time: Timestamp(millisecondsSinceEpoch: 2_000))])
    }

    @Test("an output held by the agent cannot be driven from outside")
    func driveOutput() throws {
        let chip = SimulatedChip(lines: ["GREEN"])
        _ = try chip.requestOutput("GREEN", consumer: "laneagent", initial: false)
        #expect(throws: GPIOError.self) { try chip.drive("GREEN", to: true) }
    }

    @Test("lines() reports offsets, consumers and directions like the kernel")
    func lineInfo() throws {
        let chip = SimulatedChip(lines: ["LOOP_IN", "BARRIER", "SPARE"])
        _ = try chip.requestInput("LOOP_IN", consumer: "laneagent")
        _ = try chip.requestOutput("BARRIER", consumer: "laneagent", initial: false)
        #expect(try chip.lines() == [
            GPIOLineInfo(offset: 0, name: "LOOP_IN", consumer: "laneagent", isOutput: false, isUsed: true, activeLow: false),
            GPIOLineInfo(offset: 1, name: "BARRIER", consumer: "laneagent", isOutput: true, isUsed: true, activeLow: false),
            GPIOLineInfo(offset: 2, name: "SPARE", consumer: nil, isOutput: false, isUsed: false, activeLow: false),
        ])
    }

    @Test("watchWrites streams each write as it happens")
    func watchWrites() async throws {
        let chip = SimulatedChip(lines: ["RED"])
        let writes = chip.watchWrites()
        let red = try chip.requestOutput("RED", consumer: "laneagent", initial: true)
        try red.set(false)
        var seen: [Bool] = []
        for await write in writes {
            seen.append(write.value)
            if seen.count == 2 { break }
        }
        #expect(seen == [true, false])
    }
}
