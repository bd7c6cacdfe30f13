/// The daemon's time: the wall time its records and line writes carry, a monotonic reading for
/// deadlines, and its waits. Injected, so a test advances it instead of sleeping on the wall
/// clock (the uplink's waits, a lane's deadlines, GPIO debouncing and pulses all go through it).
public protocol AgentClock: Sendable {
    /// Wall time now.
    func now() -> Timestamp
    /// Monotonic time since an arbitrary origin: only differences between readings mean anything.
    func uptime() -> Duration
    /// Returns once `duration` of this clock's time has passed; throws `CancellationError` when
    /// the task is cancelled first.
    func sleep(for duration: Duration) async throws
}

/// The system's clocks: `Timestamp.now()` for wall time, `ContinuousClock` and `Task.sleep` for the rest.
public struct SystemClock: AgentClock {
    private static let origin = ContinuousClock.now

    public init() {}

    public func now() -> Timestamp { .now() }

    public func uptime() -> Duration { ContinuousClock.now - Self.origin }

    public func sleep(for duration: Duration) async throws { try await Task.sleep(for: duration) }
}
