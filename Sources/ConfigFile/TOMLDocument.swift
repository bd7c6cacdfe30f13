/// A parsed TOML value with the line it was written on, so configuration errors can point at it.
public struct TOMLNode {
    public let value: TOMLValue
    /// 1-based line of the key (or array element) that holds this value.
    public let line: Int
}

/// A TOML value (TOML 1.0). Date-times are kept as their text: configuration uses none yet.
public enum TOMLValue {
    case string(String)
    case integer(Int64)
    case float(Double)
    case boolean(Bool)
    case datetime(String)
    case array([TOMLNode])
    case table(TOMLTable)

    /// The TOML type name, for "expected a string, found an integer" messages.
    public var typeName: String {
        switch self {
        case .string: "a string"
        case .integer: "an integer"
        case .float: "a float"
        case .boolean: "a boolean"
        case .datetime: "a date-time"
        case .array: "an array"
        case .table: "a table"
        }
    }
}

/// A TOML table: its keys in the order written, each with its line.
public final class TOMLTable {
    /// How a table came to exist; TOML forbids defining one twice or extending a closed one.
    enum Origin { case root, header, implicit, dotted, inline, arrayElement }

    public private(set) var keys: [String] = []
    private var nodes: [String: TOMLNode] = [:]
    /// The line of the table's header (`[agent]`), or of the key that created it.
    public internal(set) var line: Int
    var origin: Origin
    /// True for a `[[name]]` array whose elements may still grow.
    var isArrayOfTables = false

    init(line: Int, origin: Origin) {
        self.line = line
        self.origin = origin
    }

    /// The node under `key`.
    public subscript(key: String) -> TOMLNode? { nodes[key] }

    func set(_ key: String, _ node: TOMLNode) {
        if nodes[key] == nil { keys.append(key) }
        nodes[key] = node
    }
}

/// A TOML syntax or structure error at a line.
public struct TOMLError: Error, Equatable, CustomStringConvertible {
    public let line: Int
    public let message: String
    public var description: String { "line \(line): \(message)" }
}
