/// `evidence.fault` and `evidence.fault.cleared`: the evidence folder's usage against its cap,
/// when it goes over `[evidence] max_mb` with only unsent files and when it is back under.
public struct EvidenceFaultBody: RecordBody {
    /// The code of the condition, raised or cleared.
    public static let code = "LA-EVIDENCE-005"

    /// True for the record that says the folder is back under its cap.
    public var cleared: Bool
    public var files: Int
    public var bytes: Int64
    public var unsent: Int
    public var capBytes: Int64

    public init(cleared: Bool, files: Int, bytes: Int64, unsent: Int, capBytes: Int64) {
        self.cleared = cleared
        self.files = files
        self.bytes = bytes
        self.unsent = unsent
        self.capBytes = capBytes
    }

    public var recordKind: RecordKind { cleared ? .evidenceFaultCleared : .evidenceFault }

    public func write(to members: inout RecordMembers) {
        members.required("code", Self.code)
        members.required("files", files)
        members.required("bytes", bytes)
        members.required("unsent", unsent)
        members.required("capBytes", capBytes)
    }
}
