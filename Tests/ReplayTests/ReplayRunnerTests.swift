import Agent
import BoardTools
import Lanes
import LaneModel
import Rules
import Testing

/// The runner keeps the events' clock: deadlines fire in time order when the clock passes
/// them, whichever lane's event moves it, and at the end of the input.
@Suite("Replay runner")
struct ReplayRunnerTests {
    static func runner(_ printed: Printed) throws -> ReplayRunner {
        let session = try ReplaySession(config: try AgentConfig.load(path: ReplayFixture.configPath), referencePath: ReplayFixture.referencePath)
        return ReplayRunner(lanes: session.lanes) { printed.lines.append($0) }
    }

    /// What the runner printed, kept by reference so the output closure can append to it.
    final class Printed: @unchecked Sendable {
        var lines: [ReplayOutput] = []
        var decisions: [(lane: String, decision: Decision, at: Timestamp)] {
            lines.compactMap { if case .decision(let decision) = $0 { (decision.lane, decision.decision, decision.decidedAt) } else { nil } }
        }
    }

    static func event(_ line: String, number: Int) throws(ReplayLineError) -> ReplayEvent {
        try ReplayEventParserTests.parser.parse(Array(line.utf8), line: number)
    }

    static func at(_ time: String) -> Timestamp { Timestamp(rfc3339: "2026-11-23T\(time)Z")! }

    @Test("two open crossings' deadlines fire in time order, at their own times, when a third lane's event passes them")
    func deadlinesInTimeOrder() throws {
        let printed = Printed()
        var runner = try Self.runner(printed)
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:30.000Z","lane":"C2","type":"presence","loop":"entry","occupied":true}"#, number: 1))
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:40.000Z","lane":"C1","type":"presence","loop":"entry","occupied":true}"#, number: 2))
        #expect(printed.decisions.isEmpty)
        #expect(runner.lanes.map(\.nextDeadline) == [Self.at("08:01:40.000"), Self.at("08:01:30.000"), nil])
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:05:00.000Z","lane":"P1","type":"presence","loop":"passage","occupied":false}"#, number: 3))
        #expect(printed.decisions.map(\.lane) == ["C2", "C1"])
        #expect(printed.decisions.map(\.at) == [Self.at("08:01:30.000"), Self.at("08:01:40.000")])
        #expect(printed.decisions.allSatisfy { $0.decision != .clear }, "missing evidence at the deadline is never CLEAR")
        #expect(runner.clock == Self.at("08:05:00.000"))
    }

    @Test("a deadline not yet passed waits; the end of the input fires it at its own time")
    func deadlineAtEnd() throws {
        let printed = Printed()
        var runner = try Self.runner(printed)
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:00.000Z","lane":"C1","type":"presence","loop":"entry","occupied":true}"#, number: 1))
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:59.999Z","lane":"C2","type":"clock","synced":true}"#, number: 2))
        #expect(printed.decisions.isEmpty, "the deadline is 08:01:00.000, not yet passed")
        runner.finish()
        #expect(printed.decisions.map(\.at) == [Self.at("08:01:00.000")])
        #expect(runner.counts.crossings == 1 && runner.counts.decisions[.refer, default: 0] + runner.counts.decisions[.hold, default: 0] == 1)
    }

    @Test("an event earlier than the replay clock is refused and changes nothing")
    func timeGoesBackwards() throws {
        let printed = Printed()
        var runner = try Self.runner(printed)
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:10.000Z","lane":"C1","type":"presence","loop":"entry","occupied":true}"#, number: 1))
        #expect(throws: ReplayLineError(line: 2, "at 2026-11-23T08:00:09.000Z is before 2026-11-23T08:00:10.000Z, the time already replayed; events must be in time order")) {
            try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:09.000Z","lane":"C1","type":"presence","loop":"entry","occupied":false}"#, number: 2))
        }
        #expect(runner.lanes[0].occupiedLoops == [.entry] && runner.clock == Self.at("08:00:10.000"))
    }

    @Test("a clock line before any timed event takes the first event's time; an unsynced clock is never CLEAR")
    func untimedClockFirst() throws {
        let printed = Printed()
        var runner = try Self.runner(printed)
        try runner.apply(Self.event(#"{"type":"clock","synced":false}"#, number: 1))
        #expect(runner.clock == nil)
        for (number, line) in try String(contentsOfFile: ReplayFixture(name: "clean-truck").eventsPath, encoding: .utf8)
            .split(separator: "\n").enumerated() {
            try runner.apply(Self.event(String(line), number: number + 2))
        }
        runner.finish()
        #expect(printed.decisions.map(\.decision) == [.refer])
        #expect(!printed.lines.contains { if case .actuation(_, .barrierOpen, _, _) = $0 { true } else { false } })
    }

    @Test("a refused override is a bad line; the lane goes on as before")
    func refusedOverride() throws {
        let printed = Printed()
        var runner = try Self.runner(printed)
        try runner.apply(Self.event(#"{"at":"2026-11-23T08:00:00.000Z","lane":"C1","type":"presence","loop":"entry","occupied":true}"#, number: 1))
        do throws(ReplayLineError) {
            try runner.apply(try Self.event(#"""
                {"at":"2026-11-23T08:00:01.000Z","lane":"C1","type":"override","crossing":"C1-20261123-080000","decision":"CLEAR","officer":"VN-4711","reason":"ea\#
                rly"}
                """#, number: 2))
            Issue.record("an override of a crossing still collecting was accepted")
        } catch {
            #expect(error.line == 2 && error.message.hasPrefix("override refused (LA-LANE-001): "), "\(error)")
        }
        #expect(runner.lanes[0].phase == .collecting && printed.lines.isEmpty)
    }
}
