import LaneModel

/// What stops the receiver or one of its tools, with the input and what to do.
public typealias ReceiverError = CodedError<ReceiverErrorDomain>

/// The domain of `ReceiverError`: the receiver and its tools.
public enum ReceiverErrorDomain: ErrorDomain {}

/// The receiver's errors, for its modules and its command line.
extension CodedError where Domain == ReceiverErrorDomain {
    public static func registry(_ path: String, line: Int?, _ detail: String) -> ReceiverError {
        ReceiverError("CR-REGISTRY-001", "\(path)\(line.map { ":\($0)" } ?? ""): \(detail); each line must be one `laneagent keys show --json` object", usage: true)
    }
    public static func storage(_ path: String, _ detail: String) -> ReceiverError {
        ReceiverError("CR-STORE-001", "receiver database \(path): \(detail)")
    }
    public static func tls(_ path: String, _ detail: String) -> ReceiverError {
        ReceiverError("CR-TLS-001", "\(path) cannot be used for TLS: \(detail)", usage: true)
    }
    public static func usage(_ detail: String) -> ReceiverError {
        ReceiverError("CR-USAGE-001", detail, usage: true)
    }
    public static func publish(_ detail: String) -> ReceiverError {
        ReceiverError("CR-REFERENCE-001", detail, usage: true)
    }
}
