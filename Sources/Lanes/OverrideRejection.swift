import LaneModel

/// Why an officer's override was refused; the message says what to do instead.
public struct OverrideRejection: LaneAgentError, Equatable {
    public let description: String
    public var code: String { "LA-LANE-001" }
    public var isUsageError: Bool { true }

    public init(_ description: String) { self.description = description }
}
