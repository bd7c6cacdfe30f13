import Testing
import Uplink

/// The failover decision, table by table: each case is a list of attempts and what the board
/// must do after each (which URL next, how long to wait), on a clock given in seconds.
@Suite("Failing over between receiver URLs")
struct ReceiverFailoverTests {
    /// One event in a case and what must follow it.
    enum Event: Sendable {
        /// At `at` seconds the board picks a URL: it must be `expect`.
        case choose(at: Int, expect: Int)
        /// The attempt on `url` failed at `at`: the next URL and the wait (milliseconds) must be these.
        case fail(url: Int, Failure = .unreachable, at: Int = 0, next: Int, waitMs: Int)
        /// The attempt on `url` got an answer from the store.
        case answer(url: Int)
    }

    typealias Failure = ReceiverFailover.Failure

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        let urls: Int
        let events: [Event]
        var testDescription: String { name }
    }

    /// Backoff 0.5 s doubling to a 60 s cap, failback after 300 s; the jitter is pinned to its
    /// lowest draw (half the full wait), so the waits below are 250, 500, 1000 … ms.
    static let cases: [Case] = [
        Case(name: "one URL: every failure is a full round, the backoff doubles, an answer resets it", urls: 1, events: [
            .fail(url: 0, next: 0, waitMs: 250), .fail(url: 0, next: 0, waitMs: 500), .fail(url: 0, next: 0, waitMs: 1000),
            .answer(url: 0), .fail(url: 0, next: 0, waitMs: 250),
        ]),
        Case(name: "two URLs: the first fails, the second is tried at once; both failed is a round and a wait, the next round starts at the first",
             urls: 2, events: [
                 .choose(at: 0, expect: 0), .fail(url: 0, next: 1, waitMs: 0), .choose(at: 0, expect: 1),
                 .fail(url: 1, next: 0, waitMs: 250), .fail(url: 0, next: 1, waitMs: 0), .fail(url: 1, next: 0, waitMs: 500),
             ]),
        Case(name: "the backoff grows only per round: failures within a round cost no wait", urls: 3, events: [
            .fail(url: 0, next: 1, waitMs: 0), .fail(url: 1, next: 2, waitMs: 0), .fail(url: 2, next: 0, waitMs: 250),
            .fail(url: 0, next: 1, waitMs: 0), .fail(url: 1, next: 2, waitMs: 0), .fail(url: 2, next: 0, waitMs: 500),
        ]),
        Case(name: "a URL that answers is kept: the board stays on the second, and an answer there starts the rounds and the backoff over",
             urls: 2, events: [
                 .fail(url: 0, next: 1, waitMs: 0), .fail(url: 1, next: 0, waitMs: 250), .fail(url: 0, next: 1, waitMs: 0),
                 .answer(url: 1), .choose(at: 10, expect: 1), .fail(url: 1, at: 10, next: 0, waitMs: 0),
                 .fail(url: 0, at: 10, next: 0, waitMs: 250),
             ]),
        Case(name: "a failure on a URL already left (a request sent before the switch) changes nothing", urls: 2, events: [
            .fail(url: 0, next: 1, waitMs: 0), .fail(url: 0, next: 1, waitMs: 0), .fail(url: 0, next: 1, waitMs: 0),
            .choose(at: 0, expect: 1), .fail(url: 1, next: 0, waitMs: 250),
        ]),
        Case(name: "an answer from a URL already left does not reset the round on the one in use", urls: 2, events: [
            .fail(url: 0, next: 1, waitMs: 0), .answer(url: 0), .fail(url: 1, next: 0, waitMs: 250),
        ]),
        Case(name: "the first URL is tried again 300 s after the board left it, not before", urls: 2, events: [
            .fail(url: 0, at: 100, next: 1, waitMs: 0), .answer(url: 1), .choose(at: 399, expect: 1), .choose(at: 400, expect: 0),
            .choose(at: 401, expect: 0), .answer(url: 0), .choose(at: 5000, expect: 0),
        ]),
        Case(name: "a failed return to the first moves on at once and waits another 300 s before the next try", urls: 3, events: [
            .fail(url: 0, at: 0, next: 1, waitMs: 0), .fail(url: 1, at: 0, next: 2, waitMs: 0), .answer(url: 2),
            .choose(at: 300, expect: 0), .fail(url: 0, at: 300, next: 1, waitMs: 0), .answer(url: 1),
            .choose(at: 599, expect: 1), .choose(at: 600, expect: 0),
        ]),
        Case(name: "leaving the second for the third keeps the time the board left the first", urls: 3, events: [
            .fail(url: 0, at: 0, next: 1, waitMs: 0), .answer(url: 1), .fail(url: 1, at: 200, next: 2, waitMs: 0), .answer(url: 2),
            .choose(at: 300, expect: 0),
        ]),
        Case(name: "502, 503 and 504 switch like a refused connection; the round's wait is at least the longest Retry-After", urls: 2, events: [
            .fail(url: 0, .unavailable(retryAfter: .seconds(30)), next: 1, waitMs: 0),
            .fail(url: 1, .unavailable(retryAfter: nil), next: 0, waitMs: 30_000),
            .fail(url: 0, .unavailable(retryAfter: nil), next: 1, waitMs: 0), .fail(url: 1, next: 0, waitMs: 500),
        ]),
        Case(name: "one URL: an hour's Retry-After is waited in full", urls: 1, events: [
            .fail(url: 0, .unavailable(retryAfter: .seconds(3600)), next: 0, waitMs: 3_600_000),
        ]),
        Case(name: "the backoff stops at the cap", urls: 1, events:
                (0..<7).map { .fail(url: 0, next: 0, waitMs: [250, 500, 1000, 2000, 4000, 8000, 16_000][$0]) }
                + [.fail(url: 0, next: 0, waitMs: 30_000), .fail(url: 0, next: 0, waitMs: 30_000)]),
    ]

    @Test("each table case", arguments: cases)
    func table(_ testCase: Case) {
        var failover = ReceiverFailover(count: testCase.urls, failback: .seconds(300), retryCap: .seconds(60))
        var random = LowestDraw()
        for (number, event) in testCase.events.enumerated() {
            switch event {
            case .choose(let at, let expect):
                #expect(failover.choose(now: .seconds(at)) == expect, "event \(number + 1): choose at \(at) s")
            case .fail(let url, let failure, let at, let next, let waitMs):
                let decided = failover.failed(on: url, failure, now: .seconds(at), using: &random)
                #expect(decided == ReceiverFailover.Next(index: next, wait: .milliseconds(waitMs)), "event \(number + 1): failure on URL \(url)")
            case .answer(let url):
                failover.answered(on: url)
            }
        }
    }

    @Test("fewer than one URL counts as one, so the decision never divides by zero")
    func noURLs() {
        var failover = ReceiverFailover(count: 0, failback: .seconds(300), retryCap: .seconds(60))
        #expect(failover.choose(now: .zero) == 0)
        #expect(failover.failed(on: 0, .unreachable, now: .zero).index == 0)
    }
}

/// A random source whose every bounded draw is the lowest, so the backoff's jitter picks half the
/// full wait. It returns 1, not 0: the standard library's bounded draw rejects a 0 word and draws
/// again, forever with a source that only says 0.
private struct LowestDraw: RandomNumberGenerator {
    mutating func next() -> UInt64 { 1 }
}
