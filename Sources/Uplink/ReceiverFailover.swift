/// Which of several receiver URLs the board uses, and how long it waits before the next attempt:
/// a pure decision over the attempts' outcomes and the monotonic time, table-tested without a
/// network. `ReceiverRoute` holds one for every client of a board, so batches, evidence and
/// reference data go to the same receiver.
///
/// The board stays on the URL that works (sticky, so it does not flap between receivers and
/// their load balancers' connection pools), moves to the next one in the list at once when an
/// attempt fails, and waits a backoff only when every URL has failed in a row (a round). Once it
/// has left the first URL, it tries the first again after `failback`: the list is in order of
/// preference (a site's own receiver before the far data centre), so the board goes home when
/// home is back. Round-robin would spread boards over receivers, but a load balancer in front
/// does that better, and a board that keeps one receiver keeps its connection warm.
public struct ReceiverFailover: Sendable {
    /// Why an attempt on a URL counts as that URL failing. Every other answer (409, 400, 413,
    /// 500 …) comes from the shared store and would come from any receiver: no reason to switch.
    public enum Failure: Sendable, Equatable {
        /// No HTTP answer: connection refused or reset, timeout, TLS failure.
        case unreachable
        /// 502, 503 or 504: the receiver or the proxy in front cannot serve now, with the
        /// `Retry-After` it gave, if any.
        case unavailable(retryAfter: Duration?)
    }

    /// The URL for the next attempt and the wait before it.
    public struct Next: Sendable, Equatable {
        public let index: Int
        public let wait: Duration

        public init(index: Int, wait: Duration) {
            self.index = index
            self.wait = wait
        }
    }

    /// How many URLs there are (at least one).
    public let count: Int
    /// How long the board stays away from the first URL before trying it again.
    public let failback: Duration
    /// The URL in use.
    public private(set) var current = 0
    /// URLs that failed in a row since the last answer or the last full round.
    public private(set) var failedInRound = 0
    /// When the board left the first URL (monotonic time), while it is away from it.
    private var leftFirstAt: Duration?
    /// The longest `Retry-After` heard in this round: the round's wait is at least that.
    private var longestRetryAfter: Duration?
    private var backoff: RetryBackoff

    /// `count` URLs (fewer than one counts as one), backoff between rounds capped at `retryCap`.
    public init(count: Int, failback: Duration, retryCap: Duration) {
        self.count = max(1, count)
        self.failback = failback
        backoff = RetryBackoff(cap: retryCap)
    }

    /// The URL for an attempt at `now`: the one in use, or the first once `failback` has passed
    /// since the board left it (a fresh round starts there).
    public mutating func choose(now: Duration) -> Int {
        if current != 0, let left = leftFirstAt, now - left >= failback {
            move(to: 0, now: now)
            failedInRound = 0
            longestRetryAfter = nil
        }
        return current
    }

    /// An attempt on `index` got an answer from the store: the URL works, the rounds start over.
    public mutating func answered(on index: Int) {
        // An answer from a URL the board has since left says nothing about the one in use.
        guard index == current else { return }
        failedInRound = 0
        longestRetryAfter = nil
        backoff.reset()
    }

    /// An attempt on `index` failed at `now`: where to go next and how long to wait first.
    /// A failure on a URL the board has already left (another request's, sent before the switch)
    /// changes nothing: the caller tries the one in use now, at once.
    public mutating func failed<R: RandomNumberGenerator>(on index: Int, _ failure: Failure, now: Duration, using random: inout R) -> Next {
        guard index == current else { return Next(index: current, wait: .zero) }
        failedInRound += 1
        if case .unavailable(let retryAfter?) = failure { longestRetryAfter = max(longestRetryAfter ?? .zero, retryAfter) }
        guard failedInRound >= count else {
            move(to: (current + 1) % count, now: now)
            return Next(index: current, wait: .zero)
        }
        // Every URL failed in a row: wait, then start the next round at the first.
        let wait = max(backoff.nextDelay(using: &random), longestRetryAfter ?? .zero)
        failedInRound = 0
        longestRetryAfter = nil
        move(to: 0, now: now)
        return Next(index: 0, wait: wait)
    }

    /// `failed(on:_:now:using:)` with the system's random numbers (the backoff's jitter).
    public mutating func failed(on index: Int, _ failure: Failure, now: Duration) -> Next {
        var random = SystemRandomNumberGenerator()
        return failed(on: index, failure, now: now, using: &random)
    }

    private mutating func move(to index: Int, now: Duration) {
        if index == 0 {
            leftFirstAt = nil
        } else if current == 0 {
            leftFirstAt = now
        }
        current = index
    }
}
