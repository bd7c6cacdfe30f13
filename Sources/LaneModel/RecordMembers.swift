/// The members a `RecordObject` writes: their JSON values, or, when listing, only what members
/// there are and whether each is always written (what the contract's schema must declare).
///
/// Inlinable, so that bodies declared in other modules write their members through calls
/// specialised for each value's type: `diag bench` and every reading append pay for them.
public struct RecordMembers: Sendable {
    @usableFromInline var written: [String: JSONValue] = [:]
    @usableFromInline var listed: [RecordMember]?

    /// Members to write a body into.
    @inlinable
    public init() {}

    /// Members that also list every name written.
    public static func listing() -> RecordMembers {
        var members = RecordMembers()
        members.listed = []
        return members
    }

    /// The members written so far.
    @inlinable
    public var values: [String: JSONValue] { written }

    /// Every member named so far when listing, nil otherwise (writing a body stays a dictionary's work).
    public var declared: [RecordMember]? { listed }

    /// A member always present: `null` when `value` is an unknown (nil) optional.
    @inlinable
    public mutating func required(_ name: String, _ value: some RecordValue) {
        listed?.append(RecordMember(name: name, required: true))
        written[name] = value.jsonValue
    }

    /// A member present only when `value` is not nil.
    @inlinable
    public mutating func optional(_ name: String, _ value: (some RecordValue)?) {
        listed?.append(RecordMember(name: name, required: false))
        if let value { written[name] = value.jsonValue }
    }

    /// Applies `limit` to the members written so far (a reading's per-field limits) and returns what it returns.
    @inlinable
    public mutating func limit<Result>(_ limit: (inout [String: JSONValue]) -> Result) -> Result {
        limit(&written)
    }
}

/// One member a record body can write.
public struct RecordMember: Sendable, Hashable {
    public let name: String
    /// True when it is always written (possibly as null), false when it may be left out.
    public let required: Bool

    @inlinable
    public init(name: String, required: Bool) {
        self.name = name
        self.required = required
    }
}
