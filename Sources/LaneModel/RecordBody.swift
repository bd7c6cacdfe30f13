/// A record's body, declared once per kind: the type's `write(to:)` is the one place its members
/// are spelled, the journal appends it (`Journal.append(_:lane:)`) and `RecordBodyTests` checks
/// every declared body against its `Body_<kind>` schema in deploy/openapi/clearance-v1.yaml.
public protocol RecordBody: RecordObject {
    /// The kind of record this body is written as.
    var recordKind: RecordKind { get }
}

/// A JSON object written member by member: a record body or an object inside one.
public protocol RecordObject: RecordValue {
    /// Writes every member: `required` for one always present (null when unknown), `optional`
    /// for one left out when absent. Called unconditionally for each member, so that listing
    /// them (`RecordMembers.listing()`) sees them all.
    func write(to members: inout RecordMembers)
}

extension RecordObject {
    /// The object's members as JSON.
    @inlinable
    public var jsonValue: JSONValue {
        var members = RecordMembers()
        write(to: &members)
        return .object(members.values)
    }

    /// Every member `write(to:)` can write, in the order written, and whether it always is.
    public var declaredMembers: [RecordMember] {
        var members = RecordMembers.listing()
        write(to: &members)
        return members.declared ?? []
    }
}
