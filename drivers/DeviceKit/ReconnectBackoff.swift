/// Delays between attempts to reopen a lost port: short at first (a replugged adapter is back in
/// a second), doubling to a cap so a missing device does not spin.
public struct ReconnectBackoff: Sendable, Hashable {
    public var initial: Duration
    public var maximum: Duration
    /// How long a connection must have lasted for its loss to start the delays again.
    public var steadyUptime: Duration
    private var current: Duration?

    public init(initial: Duration = .milliseconds(200), maximum: Duration = .seconds(5), steadyUptime: Duration = .seconds(10)) {
        self.initial = initial
        self.maximum = maximum
        self.steadyUptime = steadyUptime
    }

    /// The delay before the next attempt.
    public mutating func next() -> Duration {
        let delay = current.map { min($0 * 2, maximum) } ?? initial
        current = delay
        return delay
    }

    /// Waits the next delay; false when the task was cancelled meanwhile.
    public mutating func pause() async -> Bool {
        do {
            try await Task.sleep(for: next())
            return true
        } catch {
            return false
        }
    }

    /// Starts again from `initial` after a success.
    public mutating func reset() { current = nil }

    /// A connection ended after `uptime`. One that had run steadily starts the delays again;
    /// one that failed soon after opening (an adapter that opens, then answers every read with
    /// EIO) keeps them growing, so a half-dead device is not reopened in a tight loop.
    public mutating func connectionEnded(after uptime: Duration) {
        if uptime >= steadyUptime { reset() }
    }
}
