import DeviceKit
import Testing

/// A lost device is reopened quickly after a steady connection, and ever more slowly while it
/// keeps failing: at once on opening, or soon after (a half-dead adapter answering reads with EIO).
struct ReconnectBackoffTests {
    @Test func delaysDoubleToTheCap() {
        var backoff = ReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(1))
        #expect((0..<5).map { _ in backoff.next() } == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .seconds(1), .seconds(1)])
    }

    @Test func aConnectionThatFailsSoonAfterOpeningKeepsTheDelaysGrowing() {
        var backoff = ReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(5), steadyUptime: .seconds(10))
        var delays: [Duration] = []
        for _ in 0..<4 {
            backoff.connectionEnded(after: .milliseconds(3))
            delays.append(backoff.next())
        }
        #expect(delays == [.milliseconds(200), .milliseconds(400), .milliseconds(800), .milliseconds(1600)])
    }

    @Test func aSteadyConnectionStartsTheDelaysAgain() {
        var backoff = ReconnectBackoff(initial: .milliseconds(200), maximum: .seconds(5), steadyUptime: .seconds(10))
        for _ in 0..<6 { _ = backoff.next() }
        backoff.connectionEnded(after: .seconds(3600))
        #expect(backoff.next() == .milliseconds(200))
    }
}
