import LaneModel

/// One level written to one output line, for `lane.actuation` records.
public struct LineWrite: RecordObject, Hashable {
    public var line: String
    public var value: Bool
    public var time: Timestamp

    public init(line: String, value: Bool, time: Timestamp) {
        self.line = line
        self.value = value
        self.time = time
    }

    public func write(to members: inout RecordMembers) {
        members.required("line", line)
        // 0 or 1, as the line's level reads.
        members.required("value", value ? 1 : 0)
        members.required("time", time)
    }
}
