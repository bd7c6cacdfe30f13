import Agent
import LaneModel

/// One line of `laneagent diag selftest`: what was checked, how it stands, and what to do.
public struct SelfTestCheck: Sendable, Equatable {
    /// How a check came out; only `fail` makes the self-test exit 1.
    public enum Status: String, Sendable, Comparable {
        case ok, warn, fail

        public static func < (a: Status, b: Status) -> Bool { a.rank < b.rank }
        private var rank: Int { self == .ok ? 0 : self == .warn ? 1 : 2 }
    }

    /// The check family: `config`, `key`, `journal`, `device`, `gpio`, `usb`, `clock`, `uplink`, `reference`.
    public let name: String
    /// What in the family was checked (a device or lane id), when there are several.
    public let subject: String?
    public let status: Status
    /// What was found, with the figures a technician needs.
    public let detail: String
    /// What to do about a warn or fail; nil when the detail already says it or nothing is needed.
    public let remedy: String?

    public init(_ name: String, _ subject: String? = nil, _ status: Status, _ detail: String, remedy: String? = nil) {
        self.name = name
        self.subject = subject
        self.status = status
        self.detail = detail
        self.remedy = remedy
    }

    /// `device scale-1`, or just `journal`.
    public var label: String { subject.map { "\(name) \($0)" } ?? name }

    /// The text line: status, label in a column, detail and remedy.
    public func line(labelWidth: Int) -> String {
        let status = self.status.rawValue.padding(toLength: 5, withPad: " ", startingAt: 0)
        let label = self.label.count >= labelWidth ? self.label + " " : self.label.padding(toLength: labelWidth, withPad: " ", startingAt: 0)
        return status + label + " " + detail + (remedy.map { ": \($0)" } ?? "")
    }

    /// `{"check","subject","status","detail","remedy"}`.
    public var jsonValue: JSONValue {
        ["check": .string(name), "subject": subject.map(JSONValue.string) ?? .null, "status": .string(status.rawValue),
         "detail": .string(detail), "remedy": remedy.map(JSONValue.string) ?? .null]
    }
}
