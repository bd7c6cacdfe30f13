import LaneModel

/// A simulator script that cannot be played, with the line at fault.
public struct WeightScriptError: LaneAgentError, Equatable {
    public let source: String
    public let line: Int
    public let message: String

    public init(source: String, line: Int, message: String) {
        self.source = source
        self.line = line
        self.message = message
    }

    public var code: String { "LA-SIM-001" }
    public var isUsageError: Bool { true }
    public var description: String { "\(source):\(line): \(message) (\(code))" }
}
