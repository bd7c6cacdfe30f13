import LaneModel

/// The `[[devices]]` settings a network driver is built with, already validated by the agent.
public struct EventDriverOptions: Sendable, Hashable {
    /// `utc_offset_minutes`: how far the device's clock runs ahead of UTC, for times it writes
    /// without a zone (ZKTeco ATTLOG); +420 (UTC+7) is Vietnam.
    public var utcOffsetMinutes: Int
    /// `match_threshold` and `liveness_check`: how a terminal is set up, recorded with each of
    /// its readings.
    public var terminal: TerminalSettings

    public init(utcOffsetMinutes: Int = 420, terminal: TerminalSettings = TerminalSettings()) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.terminal = terminal
    }

    /// The accepted range for `utc_offset_minutes` (UTC−12:00 … UTC+14:00).
    public static let utcOffsetRange = -720...840
}
