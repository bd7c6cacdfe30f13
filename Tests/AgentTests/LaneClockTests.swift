import Agent
import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Logging
import ServiceLifecycleTestKit
import Testing

/// The lanes' time is the journal's clock: debouncing, the collect deadline and the record's
/// time all move when a test advances a `ManualClock`, so a ten-minute deadline is checked in
/// milliseconds and to the millisecond.
@Suite("A lane on the injected clock", .timeLimit(.minutes(2)))
struct LaneClockTests {
    static let pack = """
        [pack]
        name = "test-cargo-clock"
        version = "1"
        [thresholds]
        collect_timeout_seconds = 600
        [require]
        cargo = ["plate"]
        """

    static func config(rules: String) -> String {
        """
        [[devices]]
        id = "anpr-1"
        kind = "plate-reader"
        driver = "generic-plate-json"
        address = "127.0.0.1"

        [[lanes]]
        id = "C1"
        kind = "cargo"
        devices = ["anpr-1"]
        rules = "\(rules)"
        [lanes.gpio]
        chip = "simulated"
        entry_loop = "C1_LOOP_ENTRY"
        exit_loop = "C1_LOOP_EXIT"
        barrier = "C1_BARRIER"
        green = "C1_GREEN"
        red = "C1_RED"
        debounce_ms = 50
        """
    }

    @Test("a truck on the entry loop with no plate is referred when collect_timeout runs out on the lane's clock, to the millisecond; graceful shutdown leaves the lane safe")
    func collectDeadline() async throws {
        let rules = TemporaryDirectory("rules")
        try Self.pack.write(toFile: rules.file("cargo.toml"), atomically: true, encoding: .utf8)
        let agent = try TestAgent(extraConfig: Self.config(rules: rules.file("cargo.toml")))
        let clock = ManualClock()
        let journal = try agent.openJournal { $0.clock = clock }
        defer { journal.close() }
        let chips = LaneChips()
        let lanes = try LaneService(config: agent.config, journal: journal, logger: Logger(label: "test"), chips: chips,
                                    clockSync: { .synced }, pollInterval: .seconds(3600), controlSocket: false)
        let chip = try #require(chips.simulatedChip(lane: "C1"))

        try await testGracefulShutdown { trigger in
            let running = Task { try await lanes.run() }
            let arrived = clock.now()
            try chip.drive("C1_LOOP_ENTRY", to: true, at: arrived)
            // The loop's debounce window, then the crossing's collect deadline, both on `clock`.
            #expect(await clock.waitForSleepers())
            clock.advance(by: .milliseconds(50))
            // The loop counted: the crossing opened, and its deadline now sleeps on the clock.
            #expect(try await Self.eventually { clock.sleepers == 1 })
            // The deadline counts from the loop's edge (`arrived`), not from when the window ended.
            clock.advance(by: .milliseconds(599_949))
            #expect(try await Self.eventually { clock.sleepers == 1 })
            #expect(try Self.decisions(agent).isEmpty, "no decision a millisecond before the deadline")
            clock.advance(by: .milliseconds(1))
            #expect(try await Self.eventually { try !Self.decisions(agent).isEmpty })
            let decision = try #require(try Self.decisions(agent).first)
            #expect(decision.body["decision"]?.stringValue == "REFER")
            #expect(decision.time.millisecondsSinceEpoch == arrived.millisecondsSinceEpoch + 600_000,
                    "stamped when the deadline fell due on the lane's clock")
            #expect(chip.level(of: "C1_BARRIER") == false && chip.level(of: "C1_RED") == true)

            try chip.drive("C1_LOOP_ENTRY", to: false, at: clock.now())
            trigger.triggerGracefulShutdown()
            try await running.value
        }
        #expect(chip.level(of: "C1_BARRIER") == false && chip.level(of: "C1_RED") == true && chip.level(of: "C1_GREEN") == false)
    }

    static func decisions(_ agent: TestAgent) throws -> [Record] {
        try agent.records().filter { $0.kind == RecordKind.crossingDecision.rawValue }
    }

    /// Waits (without blocking a thread) until `condition` holds, for at most 30 s of wall time.
    static func eventually(_ condition: () throws -> Bool) async throws -> Bool {
        let deadline = ContinuousClock.now + .seconds(30)
        while ContinuousClock.now < deadline {
            if try condition() { return true }
            try await Task.sleep(for: .milliseconds(2))
        }
        return try condition()
    }
}

