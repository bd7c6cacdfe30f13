/// Capped exponential backoff with jitter: 0.5 s, 1 s, 2 s … up to the cap, each wait drawn
/// from its upper half so many boards that lost the same server do not return in step.
public struct RetryBackoff: Sendable {
    public let initial: Duration
    public let cap: Duration
    public private(set) var failures = 0

    public init(initial: Duration = .milliseconds(500), cap: Duration) {
        self.initial = initial
        self.cap = cap
    }

    /// The wait before the next attempt after one more failure.
    public mutating func nextDelay<R: RandomNumberGenerator>(using random: inout R) -> Duration {
        failures += 1
        let exponent = min(failures - 1, 30)
        let full = min(cap, initial * (1 << exponent))
        let fraction = Double.random(in: 0.5...1.0, using: &random)
        return full * fraction
    }

    /// The wait after one more failure, with the system's random numbers.
    public mutating func nextDelay() -> Duration {
        var random = SystemRandomNumberGenerator()
        return nextDelay(using: &random)
    }

    public mutating func reset() { failures = 0 }
}
