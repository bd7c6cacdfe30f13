import LaneModel

/// One level written to one output line, for `lane.actuation` records.
public struct LineWrite: Sendable, Hashable {
    public var line: String
    public var value: Bool
    public var time: Timestamp

    public init(line: String, value: Bool, time: Timestamp) {
        self.line = line
        self.value = value
        self.time = time
    }

    public var jsonValue: JSONValue { ["line": .string(line), "value": .number(value ? 1 : 0), "time": .string(time.rfc3339)] }
}
