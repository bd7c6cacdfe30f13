/// The `[[devices]]` settings the biometric drivers read, already validated by the agent.
public struct BiometricDriverOptions: Sendable, Hashable {
    /// `utc_offset_minutes`: how far the terminal's clock runs ahead of UTC. ZKTeco ATTLOG
    /// times are terminal wall-clock times without a zone; +420 (UTC+7) is Vietnam.
    public var utcOffsetMinutes: Int

    public init(utcOffsetMinutes: Int = 420) { self.utcOffsetMinutes = utcOffsetMinutes }

    /// The accepted range for `utc_offset_minutes` (UTC−12:00 … UTC+14:00).
    public static let utcOffsetRange = -720...840
}
