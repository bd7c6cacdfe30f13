/// The members a `RecordObject` writes: their JSON values, or, when listing, only what members
/// there are and whether each is always written (what the contract's schema must declare).
public struct RecordMembers: Sendable {
    /// The members written so far.
    public private(set) var values: [String: JSONValue] = [:]
    /// Every member named so far when listing, nil otherwise (writing a body stays a dictionary's work).
    public private(set) var declared: [RecordMember]?

    /// Members to write a body into.
    public init() {}

    /// Members that also list every name written.
    public static func listing() -> RecordMembers {
        var members = RecordMembers()
        members.declared = []
        return members
    }

    /// A member always present: `null` when `value` is an unknown (nil) optional.
    public mutating func required(_ name: String, _ value: some RecordValue) {
        declared?.append(RecordMember(name: name, required: true))
        values[name] = value.jsonValue
    }

    /// A member present only when `value` is not nil.
    public mutating func optional(_ name: String, _ value: (some RecordValue)?) {
        declared?.append(RecordMember(name: name, required: false))
        if let value { values[name] = value.jsonValue }
    }

    /// Applies `limit` to the members written so far (a reading's per-field limits) and returns what it returns.
    public mutating func limit<Result>(_ limit: (inout [String: JSONValue]) -> Result) -> Result {
        limit(&values)
    }
}

/// One member a record body can write.
public struct RecordMember: Sendable, Hashable {
    public let name: String
    /// True when it is always written (possibly as null), false when it may be left out.
    public let required: Bool

    public init(name: String, required: Bool) {
        self.name = name
        self.required = required
    }
}
