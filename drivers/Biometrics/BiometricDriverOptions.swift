import LaneModel

/// The `[[devices]]` settings the biometric drivers read, already validated by the agent.
public struct BiometricDriverOptions: Sendable, Hashable {
    /// `utc_offset_minutes`: how far the terminal's clock runs ahead of UTC. ZKTeco ATTLOG
    /// times are terminal wall-clock times without a zone; +420 (UTC+7) is Vietnam.
    public var utcOffsetMinutes: Int
    /// `match_threshold` and `liveness_check`: how the terminal is set up, recorded with each
    /// of its readings.
    public var terminal: TerminalSettings

    public init(utcOffsetMinutes: Int = 420, terminal: TerminalSettings = TerminalSettings()) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.terminal = terminal
    }

    /// The `[[devices]]` keys every biometric driver reads.
    public static let terminalKeys = ["match_threshold", "liveness_check"]

    /// The accepted range for `utc_offset_minutes` (UTC−12:00 … UTC+14:00).
    public static let utcOffsetRange = -720...840
}
