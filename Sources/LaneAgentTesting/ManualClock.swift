import LaneModel
import Synchronization

/// A clock that moves only when a test advances it. A sleep wakes when `advance` carries the
/// clock to or past its deadline; a cancelled sleep throws at once. Tests wait for the code
/// under test to be asleep (`waitForSleepers`) before advancing, so nothing races the wall clock.
/// `advance` jumps: a sleep that wakes and sleeps again does not get the rest of that advance,
/// so code that polls is advanced a step at a time.
public final class ManualClock: AgentClock {
    private struct Sleeper {
        let deadline: Duration
        let continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var elapsed: Duration = .zero
        var sleepers: [Int: Sleeper] = [:]
        /// Sleeps begun whose continuation is not stored yet.
        var starting: Set<Int> = []
        /// Of those, the ones whose task was cancelled meanwhile.
        var cancelledEarly: Set<Int> = []
        var nextID = 0
    }

    private let start: Timestamp
    private let state = Mutex(State())

    /// A clock whose wall time starts at `start` (2026-01-01T00:00:00Z unless given).
    public init(start: Timestamp = Timestamp(millisecondsSinceEpoch: 1_767_225_600_000)) {
        self.start = start
    }

    public func now() -> Timestamp {
        let elapsed = state.withLock { $0.elapsed }
        return Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Self.milliseconds(elapsed))
    }

    public func uptime() -> Duration { state.withLock { $0.elapsed } }

    public func sleep(for duration: Duration) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state in
            state.nextID += 1
            state.starting.insert(state.nextID)
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Result<Void, any Error>? = state.withLock { state in
                    state.starting.remove(id)
                    if state.cancelledEarly.remove(id) != nil { return .failure(CancellationError()) }
                    if duration <= .zero { return .success(()) }
                    state.sleepers[id] = Sleeper(deadline: state.elapsed + duration, continuation: continuation)
                    return nil
                }
                if let outcome { continuation.resume(with: outcome) }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                if let sleeper = state.sleepers.removeValue(forKey: id) { return sleeper }
                // Not stored yet: the sleep throws as it starts. Already woken: nothing to do.
                if state.starting.contains(id) { state.cancelledEarly.insert(id) }
                return nil
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves the clock on by `duration` and wakes every sleep whose deadline it reaches, earliest first.
    public func advance(by duration: Duration) {
        let due = state.withLock { state in
            state.elapsed += duration
            let now = state.elapsed
            let due = state.sleepers.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
            for (id, _) in due { state.sleepers.removeValue(forKey: id) }
            return due.map(\.value.continuation)
        }
        for continuation in due { continuation.resume() }
    }

    /// How many sleeps are waiting.
    public var sleepers: Int { state.withLock { $0.sleepers.count } }

    /// Waits (on the wall clock, briefly yielding) until at least `count` sleeps are waiting;
    /// false if that takes longer than `timeout`.
    public func waitForSleepers(_ count: Int = 1, timeout: Duration = .seconds(30)) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while sleepers < count {
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return false }
            try? await Task.sleep(for: .milliseconds(1))
        }
        return true
    }

    private static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1000 + attoseconds / 1_000_000_000_000_000
    }
}
