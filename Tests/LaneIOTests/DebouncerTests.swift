import LaneIO
import LaneModel
import Testing

/// The debouncer on manual time: a level counts only after holding for the window.
@Suite("Debouncing presence inputs")
struct DebouncerTests {
    /// One raw edge (`value` at millisecond `at`) or a tick with no edge (`value` nil).
    struct Step: Sendable, CustomStringConvertible {
        let at: Int64
        let value: Bool?
        var description: String { value.map { "\(at):\($0 ? 1 : 0)" } ?? "\(at):tick" }
        static func edge(_ at: Int64, _ value: Bool) -> Step { Step(at: at, value: value) }
        static func tick(_ at: Int64) -> Step { Step(at: at, value: nil) }
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let window: Int
        let steps: [Step]
        /// Reported levels with the millisecond each began.
        let expected: [(Bool, Int64)]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "a level that holds for the window counts, stamped when it began",
             window: 50, steps: [.edge(1000, true), .tick(1049), .tick(1050)], expected: [(true, 1000)]),
        Case(name: "a glitch shorter than the window is dropped",
             window: 50, steps: [.edge(1000, true), .edge(1030, false), .tick(2000)], expected: []),
        Case(name: "a later edge settles a level that held long enough before it",
             window: 50, steps: [.edge(1000, true), .edge(1100, false), .tick(1149), .tick(1150)], expected: [(true, 1000), (false, 1100)]),
        Case(name: "bouncing contacts count once, from the last bounce",
             window: 50, steps: [.edge(1000, true), .edge(1005, false), .edge(1010, true), .edge(1012, false), .edge(1015, true), .tick(1064), .tick(1065)],
             expected: [(true, 1015)]),
        Case(name: "a repeated edge to the pending level does not restart the window",
             window: 50, steps: [.edge(1000, true), .edge(1020, true), .tick(1050)], expected: [(true, 1000)]),
        Case(name: "an edge to the steady level changes nothing",
             window: 50, steps: [.edge(1000, false), .tick(2000)], expected: []),
        Case(name: "a zero window reports every change at once",
             window: 0, steps: [.edge(1000, true), .edge(1001, false)], expected: [(true, 1000), (false, 1001)]),
        Case(name: "a vehicle stopping on the loop: occupied, a short drop-out ignored, then clear",
             window: 100, steps: [.edge(0, true), .tick(100), .edge(5000, false), .edge(5040, true), .edge(9000, false), .tick(9100)],
             expected: [(true, 0), (false, 9000)]),
    ]

    @Test("reported levels", arguments: cases)
    func levels(_ test: Case) {
        var debouncer = Debouncer(windowMilliseconds: test.window, initial: false)
        var reported: [(Bool, Int64)] = []
        for step in test.steps {
            let time = Timestamp(millisecondsSinceEpoch: step.at)
            let change = step.value.map { debouncer.raw($0, at: time) } ?? debouncer.advance(to: time)
            if let change { reported.append((change.level, change.since.millisecondsSinceEpoch)) }
        }
        #expect(reported.map(\.0) == test.expected.map(\.0), "\(test.steps)")
        #expect(reported.map(\.1) == test.expected.map(\.1), "\(test.steps)")
    }

    @Test("the deadline is when the pending level would count, and none once it has")
    func deadline() {
        var debouncer = Debouncer(windowMilliseconds: 50, initial: true)
        #expect(debouncer.deadline == nil)
        _ = debouncer.raw(false, at: Timestamp(millisecondsSinceEpoch: 200))
        #expect(debouncer.deadline == Timestamp(millisecondsSinceEpoch: 250))
        #expect(debouncer.pendingLevel == false && debouncer.level)
        _ = debouncer.advance(to: Timestamp(millisecondsSinceEpoch: 250))
        #expect(debouncer.deadline == nil && !debouncer.level)
    }
}
