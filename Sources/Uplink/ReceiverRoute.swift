import LaneModel
import Logging
import Synchronization

/// The receiver URL a board uses now, shared by every client of the board (batches, evidence,
/// reference data), so all of them follow one failover decision (`ReceiverFailover`) and the
/// status shows one URL. Logs every switch.
public final class ReceiverRoute: Sendable {
    /// The receivers' base URLs in order of preference.
    public let urls: [String]
    private let clock: any AgentClock
    private let logger: Logger
    private let failover: Mutex<ReceiverFailover>
    private let moves = Mutex(0)

    /// The route over `settings`' URLs, timing failback on `clock`.
    public init(settings: UplinkSettings, clock: any AgentClock = SystemClock(), logger: Logger = Logger(label: "laneagent.uplink")) {
        urls = settings.baseURLs
        self.clock = clock
        self.logger = logger
        failover = Mutex(ReceiverFailover(count: settings.baseURLs.count, failback: .seconds(settings.failbackSeconds),
                                          retryCap: .seconds(settings.retryMaxSeconds)))
    }

    /// The base URL in use now.
    public var inUse: String { urls[failover.withLock { $0.current }] }

    /// How often the route moved to another URL (failovers and returns to the first).
    public var switches: Int { moves.withLock { $0 } }

    /// The URL for the next attempt (its index and base URL).
    public func choose() -> (index: Int, url: String) {
        let (before, index) = failover.withLock { state in (state.current, state.choose(now: clock.uptime())) }
        if index != before {
            moves.withLock { $0 += 1 }
            logger.notice("uplink tries the preferred receiver again", metadata: ["url": "\(urls[index])", "from": "\(urls[before])"])
        }
        return (index, urls[index])
    }

    /// The attempt on URL `index` got an answer from the store.
    public func answered(_ index: Int) {
        failover.withLock { $0.answered(on: index) }
    }

    /// The attempt on URL `index` failed because of `problem`: the next URL and the wait before it.
    public func failed(_ index: Int, _ failure: ReceiverFailover.Failure, problem: String) -> ReceiverFailover.Next {
        let (before, next) = failover.withLock { state in (state.current, state.failed(on: index, failure, now: clock.uptime())) }
        if next.index != before {
            moves.withLock { $0 += 1 }
            logger.warning("uplink switches receiver", metadata: ["from": "\(urls[before])", "url": "\(urls[next.index])", "problem": "\(problem)",
                                                                 "retryIn": "\(next.wait)"])
        }
        return next
    }
}
