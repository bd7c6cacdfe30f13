import LaneModel

/// What went wrong with uploading, named with the input and what to do.
public typealias UplinkError = CodedError<UplinkErrorDomain>

/// The domain of `UplinkError`: uploading and its configuration.
public enum UplinkErrorDomain: ErrorDomain {}

extension CodedError where Domain == UplinkErrorDomain {
    static func tlsMaterial(_ path: String, _ what: String, _ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-001", "\(what) \(path) cannot be used: \(detail)", usage: true)
    }
    /// The configuration has no `[uplink]` section.
    public static func notConfigured(_ config: String) -> UplinkError {
        UplinkError("LA-UPLINK-002", "\(config) has no [uplink] section; add url (and ca_file, cert_file, key_file for https)", usage: true)
    }
    /// Reference data needs `[uplink] central_key` to be verified.
    public static func noCentralKey(_ config: String) -> UplinkError {
        UplinkError("LA-UPLINK-008", "\(config) has no [uplink] central_key, so reference data cannot be verified; add the key `clearance-receiver keys show` prints", usage: true)
    }
    static func rejected(_ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-003", "the clearance service refused a batch: \(detail); a person must look (see `laneagent uplink status`)")
    }
    static func fork(_ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-004", "ALARM: \(detail); uploading stopped — the central copy and this journal disagree")
    }
    static func timedOut(_ seconds: Double, acknowledged: Int, target: Int, lastProblem: String?) -> UplinkError {
        let reason = lastProblem.map { "; last problem: \($0)" } ?? ""
        return UplinkError("LA-UPLINK-005", "timed out after \(Int(seconds)) s with records acknowledged through \(acknowledged) of \(target)\(reason)")
    }
    static func lost(_ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-006", "\(detail); the receiver cannot be given them again from this journal")
    }
    static func badReceipt(_ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-009", "\(detail); check that [uplink] central_key is the key of the receiver's --receipt-key (`clearance-receiver keys show`)")
    }
    static func state(_ path: String, _ detail: String) -> UplinkError {
        UplinkError("LA-UPLINK-007", "uplink state \(path): \(detail)")
    }
}
