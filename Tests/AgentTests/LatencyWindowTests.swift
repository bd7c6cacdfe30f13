@testable import Agent
import Testing

/// A lane's latencies stay bounded however long the daemon runs, and a reader that follows
/// them (the metrics, the lane benchmark) still sees every sample once.
struct LatencyWindowTests {
    private func ms(_ value: Int) -> Duration { .milliseconds(value) }

    @Test func keepsEverySampleUntilFull() {
        var window = LatencyWindow(capacity: 4)
        for value in 1...3 { window.record(ms(value)) }
        #expect(window.since(0) == [ms(1), ms(2), ms(3)])
        #expect(window.since(2) == [ms(3)])
        #expect(window.since(3).isEmpty)
        #expect(window.recorded == 3)
    }

    @Test func keepsOnlyTheLatestOnceFull() {
        var window = LatencyWindow(capacity: 4)
        for value in 1...10 { window.record(ms(value)) }
        #expect(window.recorded == 10)
        #expect(window.since(0) == [ms(7), ms(8), ms(9), ms(10)])
        #expect(window.since(8) == [ms(9), ms(10)])
        #expect(window.since(10).isEmpty)
        #expect(window.since(12).isEmpty)
    }

    @Test func aFollowerSeesEachSampleOnce() {
        let latencies = LaneLatencies(capacity: 8)
        var seen = 0
        var followed: [Duration] = []
        for value in 1...1000 {
            latencies.recordDecision(ms(value))
            if value % 5 == 0 {
                let new = latencies.decisions(since: seen)
                followed += new.samples
                seen = new.recorded
            }
        }
        #expect(followed == (1...1000).map(ms))
        #expect(latencies.decisions().samples == (993...1000).map(ms))
        #expect(latencies.actuations().recorded == 0)
    }
}
