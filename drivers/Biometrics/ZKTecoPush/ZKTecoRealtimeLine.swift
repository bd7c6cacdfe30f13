import LaneModel

/// One line of an access-control terminal's `table=rtlog` upload: tab-separated `key=value`
/// fields, `time=… pin=… cardno=… eventaddr=… event=… inoutstatus=… verifytype=… index=…`.
/// Door-state lines (`sensor=… relay=… door=…`) carry no `event`.
public struct ZKTecoRealtimeLine: Sendable, Hashable {
    /// The terminal's local time, converted to UTC with the configured offset.
    public var time: Timestamp
    /// The user's PIN; nil when the terminal did not know the person (`pin=0` or empty).
    public var pin: String?
    /// The `event` code; nil on a door-state line.
    public var event: Int?
    /// The `verifytype`, as a code or the newer bit string; nil when absent.
    public var verifyType: ZKTecoVerifyMode?
    /// The terminal's own running number (`index`), for tracing.
    public var index: String?

    /// Parses one line (without its line break). Never quotes the line: the PIN identifies a person.
    public static func parse(_ line: Substring, utcOffsetMinutes: Int) throws(ZKTecoAttendanceLine.Problem) -> ZKTecoRealtimeLine {
        var fields: [Substring: Substring] = [:]
        for field in line.split(separator: "\t") {
            guard let equals = field.firstIndex(of: "=") else {
                throw ZKTecoAttendanceLine.Problem(reason: "a field without '=' (key=value expected)")
            }
            let key = field[..<equals].drop { $0 == " " }
            guard fields[key] == nil else { throw ZKTecoAttendanceLine.Problem(reason: "the key '\(key.prefix(20))' twice") }
            fields[key] = field[field.index(after: equals)...]
        }
        guard let timeText = fields["time"] else { throw ZKTecoAttendanceLine.Problem(reason: "time: missing") }
        guard let time = TerminalTime.parse(local: String(timeText), utcOffsetMinutes: utcOffsetMinutes) else {
            throw ZKTecoAttendanceLine.Problem(reason: "time: not YYYY-MM-DD HH:MM:SS")
        }
        func code(_ key: Substring) throws(ZKTecoAttendanceLine.Problem) -> Int? {
            guard let text = fields[key] else { return nil }
            guard text.utf8.count <= 6, let value = Int(text), value >= 0 else {
                throw ZKTecoAttendanceLine.Problem(reason: "\(key): not a code (0–999999)")
            }
            return value
        }
        let pin = fields["pin"].flatMap { $0.isEmpty || $0 == "0" ? nil : String($0.prefix(64)) }
        var verifyType: ZKTecoVerifyMode?
        if let text = fields["verifytype"] {
            if let bits = ZKTecoVerifyMode(bits: text) { verifyType = bits }
            else if let value = try code("verifytype") { verifyType = ZKTecoVerifyMode(code: value) }
        }
        return ZKTecoRealtimeLine(time: time, pin: pin, event: try code("event"), verifyType: verifyType,
                                  index: fields["index"].map { String($0.prefix(20)) })
    }
}
