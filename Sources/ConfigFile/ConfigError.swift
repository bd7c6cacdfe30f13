import LaneModel

/// One problem in a configuration file, at a line.
public struct ConfigProblem: Sendable, Equatable {
    /// What kind of mistake, as a stable code.
    public enum Kind: String, Sendable {
        case syntax = "LA-CONFIG-001"
        case wrongType = "LA-CONFIG-002"
        case missing = "LA-CONFIG-003"
        case invalidValue = "LA-CONFIG-004"
        case unknownKey = "LA-CONFIG-005"
        case unreadable = "LA-CONFIG-006"
    }

    public let kind: Kind
    public let line: Int
    public let message: String

    public init(kind: Kind, line: Int, message: String) {
        self.kind = kind
        self.line = line
        self.message = message
    }
}

/// Everything wrong with a configuration file, one `FILE:LINE: message` per problem.
public struct ConfigError: LaneAgentError, Equatable {
    public let path: String
    public let problems: [ConfigProblem]

    public init(path: String, problems: [ConfigProblem]) {
        self.path = path
        self.problems = problems
    }

    public var code: String { problems.first?.kind.rawValue ?? ConfigProblem.Kind.unreadable.rawValue }
    public var isUsageError: Bool { true }

    public var description: String {
        problems.map { "\(path):\($0.line): \($0.message) (\($0.kind.rawValue))" }.joined(separator: "\n")
    }
}
