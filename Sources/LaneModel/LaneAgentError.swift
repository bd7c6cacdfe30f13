/// An error LaneAgent reports to a person: a stable code, what failed and with which input,
/// and what to do. The CLI turns `isUsageError` into exit status 2, anything else into 1.
public protocol LaneAgentError: Error, CustomStringConvertible, Sendable {
    /// A stable code such as `LA-CONFIG-003`, for documentation and searching logs.
    var code: String { get }
    /// True when the input or configuration was wrong (exit 2) rather than a fault found (exit 1).
    var isUsageError: Bool { get }
}
