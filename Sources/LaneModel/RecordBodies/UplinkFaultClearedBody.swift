/// `uplink.fault.cleared`: a batch was accepted again after an uplink fault.
public struct UplinkFaultClearedBody: RecordBody {
    /// The code of the fault that is over (`uplink.rejected`, …).
    public var code: String
    /// The seq the fault named.
    public var seq: Int

    public init(code: String, seq: Int) {
        self.code = code
        self.seq = seq
    }

    public var recordKind: RecordKind { .uplinkFaultCleared }

    public func write(to members: inout RecordMembers) {
        members.required("code", code)
        members.required("seq", seq)
    }
}
