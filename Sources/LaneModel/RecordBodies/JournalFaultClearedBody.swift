/// `journal.fault.cleared`: the journal's disk has room again.
public struct JournalFaultClearedBody: RecordBody {
    /// The code of the fault that is over.
    public var code: String
    public var freeBytes: Int64

    public init(code: String, freeBytes: Int64) {
        self.code = code
        self.freeBytes = freeBytes
    }

    public var recordKind: RecordKind { .journalFaultCleared }

    public func write(to members: inout RecordMembers) {
        members.required("code", code)
        members.required("freeBytes", freeBytes)
    }
}
