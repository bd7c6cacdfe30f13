/// `record.oversized`: stands for a body over `RecordLimits.maximumBodyBytes`, which was not kept.
public struct OversizedRecordBody: RecordBody {
    /// The kind of the record whose body was too large.
    public var kind: String
    /// Size of its canonical body.
    public var bytes: Int
    /// Hex SHA-256 of that canonical body.
    public var sha256: String
    public var limitBytes: Int

    public init(kind: String, bytes: Int, sha256: String, limitBytes: Int = RecordLimits.maximumBodyBytes) {
        self.kind = kind
        self.bytes = bytes
        self.sha256 = sha256
        self.limitBytes = limitBytes
    }

    public var recordKind: RecordKind { .recordOversized }

    public func write(to members: inout RecordMembers) {
        members.required("kind", kind)
        members.required("bytes", bytes)
        members.required("sha256", sha256)
        members.required("limitBytes", limitBytes)
    }
}

/// `record.withheld`: the signed stand-in the uplink sends for a record the receiver refused even alone.
public struct WithheldRecordBody: RecordBody {
    /// The withheld record's kind.
    public var kind: String
    /// Hex SHA-256 of the withheld record's payload: the next record's `prev`.
    public var sha256: String
    public var envelopeBytes: Int
    public var reason: String

    public init(kind: String, sha256: String, envelopeBytes: Int, reason: String) {
        self.kind = kind
        self.sha256 = sha256
        self.envelopeBytes = envelopeBytes
        self.reason = reason
    }

    public var recordKind: RecordKind { .recordWithheld }

    public func write(to members: inout RecordMembers) {
        members.required("kind", kind)
        members.required("sha256", sha256)
        members.required("envelopeBytes", envelopeBytes)
        members.required("reason", reason)
    }
}
