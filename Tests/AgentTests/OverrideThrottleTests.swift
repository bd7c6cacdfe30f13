@testable import Agent
import Testing

/// The lockout rules on a clock the test moves: the daemon tests can only see the first ten
/// minutes of a lockout, not its end.
@Suite("Override throttle: failed attempts per officer and per lane")
struct OverrideThrottleTests {
    let start = ContinuousClock.now

    func at(_ seconds: Int) -> ContinuousClock.Instant { start + .seconds(seconds) }

    @Test("5 failures in 10 minutes lock the officer out for 10 minutes, reported once; then 5 fresh attempts")
    func officerLockout() {
        var throttle = OverrideThrottle()
        for second in 0..<4 { #expect(throttle.fail(officer: "BL-0042", lane: "P1", at: at(second)).isEmpty) }
        #expect(throttle.lockout(officer: "BL-0042", lane: "P1", at: at(5)) == nil)
        let started = throttle.fail(officer: "BL-0042", lane: "P1", at: at(5))
        #expect(started == [.init(scope: .officer("BL-0042"), until: at(605), failures: 5)])
        #expect(throttle.lockout(officer: "BL-0042", lane: "P1", at: at(604))?.scope == .officer("BL-0042"))
        #expect(throttle.lockout(officer: "BL-0043", lane: "P1", at: at(6)) == nil, "another officer is not locked out")
        #expect(throttle.lockout(officer: "BL-0042", lane: "P1", at: at(605)) == nil, "over after 10 minutes")
        for second in 606..<610 { #expect(throttle.fail(officer: "BL-0042", lane: "P2", at: at(second)).isEmpty) }
    }

    @Test("failures older than the window are forgotten, and a right PIN clears the officer's count")
    func windowAndSuccess() {
        var throttle = OverrideThrottle()
        for second in 0..<4 { _ = throttle.fail(officer: "BL-0042", lane: "P1", at: at(second)) }
        #expect(throttle.fail(officer: "BL-0042", lane: "P1", at: at(601)).isEmpty, "the first four are over 10 minutes old")
        for second in 602..<605 { _ = throttle.fail(officer: "BL-0042", lane: "P2", at: at(second)) }
        throttle.succeeded(officer: "BL-0042")
        #expect(throttle.failures(officer: "BL-0042") == 0)
        #expect(throttle.fail(officer: "BL-0042", lane: "P2", at: at(606)).isEmpty)
    }

    @Test("10 failures on one lane, whatever officer ids were tried, lock the lane for every officer")
    func laneLockout() {
        var throttle = OverrideThrottle()
        for attempt in 0..<9 { #expect(throttle.fail(officer: nil, lane: "P1", at: at(attempt)).isEmpty, "unknown id \(attempt)") }
        #expect(throttle.fail(officer: nil, lane: "P1", at: at(9)) == [.init(scope: .lane("P1"), until: at(609), failures: 10)])
        #expect(throttle.lockout(officer: "BL-0042", lane: "P1", at: at(10))?.scope == .lane("P1"))
        #expect(throttle.lockout(officer: "BL-0042", lane: "P2", at: at(10)) == nil)
    }
}
