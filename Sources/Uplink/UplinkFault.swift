import LaneModel

/// A condition in uploading that needs a person: a refused batch, a fork, lost records. The
/// body of its `uplink.fault` record, and what `uplink-state.json` keeps of it.
public struct UplinkFault: RecordBody, Equatable {
    /// `uplink.rejected`, `uplink.fork` or `uplink.lost`.
    public let code: String
    /// The HTTP status, 0 when the fault was found locally.
    public let status: Int
    /// The contract's error name (`bad-signature`, `fork`, …).
    public let error: String
    public let seq: Int
    public let message: String
    public let at: Timestamp

    public init(code: String, status: Int, error: String, seq: Int, message: String, at: Timestamp) {
        self.code = code
        self.status = status
        self.error = error
        self.seq = seq
        self.message = message
        self.at = at
    }

    /// Same fault, ignoring when it was seen: a repeat is not recorded again.
    public func isSame(as other: UplinkFault) -> Bool {
        code == other.code && status == other.status && error == other.error && seq == other.seq
    }

    public var recordKind: RecordKind { .uplinkFault }

    public func write(to members: inout RecordMembers) {
        members.required("code", code)
        members.required("status", status)
        members.required("error", error)
        members.required("seq", seq)
        members.required("message", message)
        members.required("at", at)
    }

    init?(json: JSONValue) {
        guard case .string(let code)? = json["code"], case .string(let error)? = json["error"],
              case .string(let message)? = json["message"], case .string(let at)? = json["at"],
              let time = Timestamp(rfc3339: at), let status = json["status"]?.integerValue, let seq = json["seq"]?.integerValue
        else { return nil }
        self.init(code: code, status: status, error: error, seq: seq, message: message, at: time)
    }
}
