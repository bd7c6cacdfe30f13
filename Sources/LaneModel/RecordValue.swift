/// A value a record member can hold, with its JSON form.
public protocol RecordValue: Sendable {
    /// The value as JSON.
    var jsonValue: JSONValue { get }
}

extension JSONValue: RecordValue {
    @inlinable public var jsonValue: JSONValue { self }
}

extension String: RecordValue {
    @inlinable public var jsonValue: JSONValue { .string(self) }
}

extension Bool: RecordValue {
    @inlinable public var jsonValue: JSONValue { .bool(self) }
}

extension Int: RecordValue {
    @inlinable public var jsonValue: JSONValue { .number(Double(self)) }
}

extension Int64: RecordValue {
    @inlinable public var jsonValue: JSONValue { .number(Double(self)) }
}

extension Double: RecordValue {
    @inlinable public var jsonValue: JSONValue { .number(self) }
}

extension Timestamp: RecordValue {
    /// RFC 3339 UTC with milliseconds, as every time in a record.
    @inlinable public var jsonValue: JSONValue { .string(rfc3339) }
}

/// Unknown is `null`: a member written with `required` and no value.
extension Optional: RecordValue where Wrapped: RecordValue {
    @inlinable public var jsonValue: JSONValue { self?.jsonValue ?? .null }
}

extension Array: RecordValue where Element: RecordValue {
    @inlinable public var jsonValue: JSONValue { .array(map(\.jsonValue)) }
}

/// String enums are written as their raw value.
extension RecordValue where Self: RawRepresentable, RawValue == String {
    @inlinable public var jsonValue: JSONValue { .string(rawValue) }
}
