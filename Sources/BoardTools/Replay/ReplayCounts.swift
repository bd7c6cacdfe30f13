import Agent
import LaneModel

/// What a replay went through, for `--summary` and the benchmark.
public struct ReplayCounts: Sendable, Equatable {
    /// Lines that were events (good or bad); blank lines do not count.
    public var events = 0
    /// Lines reported as bad (unparsable, out of order, refused overrides).
    public var badLines = 0
    /// Crossings decided (one decision each).
    public var crossings = 0
    /// Decisions by outcome.
    public var decisions: [Decision: Int] = [:]
    public var overrides = 0
    public var actuations = 0

    public init() {}

    /// `1440 events (0 bad), 144 crossings: CLEAR 120, REFER 20, HOLD 4; 0 overrides, 576 actuations`.
    public var description: String {
        func count(_ value: Int, _ noun: String) -> String { "\(value) \(noun)\(value == 1 ? "" : "s")" }
        let outcomes = Decision.allCases.map { "\($0.rawValue) \(decisions[$0] ?? 0)" }.joined(separator: ", ")
        return "\(count(events, "event")) (\(badLines) bad), \(count(crossings, "crossing")): \(outcomes); "
            + "\(count(overrides, "override")), \(count(actuations, "actuation"))"
    }
}
