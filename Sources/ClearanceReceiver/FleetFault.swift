import LaneModel

/// A fault a board raised and has not yet cleared, as the fleet view lists it.
public struct FleetFault: Sendable, Equatable {
    /// The record kind that raised it (`device.fault`, `uplink.fault`, `journal.fault`, `evidence.fault`, `reference.fault`).
    public var kind: String
    /// Its code (`LA-SERIAL-005`, `uplink.rejected`, …); empty when the record named none.
    public var code: String
    /// The board's device the fault is about, for `device.fault`; nil for the others.
    public var subject: String?
    /// The record time of the first raise, and of the newest one while it stayed open.
    public var since: Timestamp
    public var lastAt: Timestamp
    /// The newest record's message.
    public var message: String
    /// Raises of the same fault after the first while it stayed open.
    public var repeats: Int

    public init(kind: String, code: String, subject: String?, since: Timestamp, message: String) {
        self.kind = kind
        self.code = code
        self.subject = subject
        self.since = since
        lastAt = since
        self.message = message
        repeats = 0
    }

    /// Whether `other` is the same condition raised again (kind, code and subject).
    func isSame(as other: FleetFault) -> Bool { kind == other.kind && code == other.code && subject == other.subject }

    var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "kind": .string(kind), "code": .string(code), "since": .string(since.rfc3339), "lastAt": .string(lastAt.rfc3339),
            "message": .string(message), "repeats": .number(Double(repeats)),
        ]
        if let subject { object["subject"] = .string(subject) }
        return .object(object)
    }

    init?(json: JSONValue) {
        guard let kind = json["kind"]?.stringValue, let since = json["since"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) else { return nil }
        self.init(kind: kind, code: json["code"]?.stringValue ?? "", subject: json["subject"]?.stringValue, since: since,
                  message: json["message"]?.stringValue ?? "")
        lastAt = json["lastAt"]?.stringValue.flatMap(Timestamp.init(rfc3339:)) ?? since
        repeats = max(0, json["repeats"]?.integerValue ?? 0)
    }
}
