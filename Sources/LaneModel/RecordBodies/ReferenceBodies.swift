/// `reference.updated`: new reference data verified and taken.
public struct ReferenceUpdatedBody: RecordBody {
    public var version: Int
    public var issuedAt: Timestamp
    /// The URL or `[reference] file` it came from.
    public var source: String
    /// Hex SHA-256 of the envelope as received.
    public var sha256: String

    public init(version: Int, issuedAt: Timestamp, source: String, sha256: String) {
        self.version = version
        self.issuedAt = issuedAt
        self.source = source
        self.sha256 = sha256
    }

    public var recordKind: RecordKind { .referenceUpdated }

    public func write(to members: inout RecordMembers) {
        members.required("version", version)
        members.required("issuedAt", issuedAt)
        members.required("source", source)
        members.required("sha256", sha256)
    }
}

/// `reference.fault`: reference data refused; the copy held stays.
public struct ReferenceFaultBody: RecordBody {
    /// The one code of a refused copy.
    public static let code = "reference.rejected"

    /// Why, in one word (`bad-signature`, `wrong-site`, …).
    public var reason: String
    public var message: String
    public var source: String

    public init(reason: String, message: String, source: String) {
        self.reason = reason
        self.message = message
        self.source = source
    }

    public var recordKind: RecordKind { .referenceFault }

    public func write(to members: inout RecordMembers) {
        members.required("code", Self.code)
        members.required("reason", reason)
        members.required("message", message)
        members.required("source", source)
    }
}
