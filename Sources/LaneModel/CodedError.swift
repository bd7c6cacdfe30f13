/// Names the family an error belongs to, so each family is a type of its own.
///
/// A domain is an empty enum; it is never made, only named: `CodedError<JournalErrorDomain>` is
/// not `CodedError<UplinkErrorDomain>`, so `catch let error as JournalError` catches only the
/// journal's errors and `throws(JournalError)` admits nothing else.
public protocol ErrorDomain {}

/// An error that is a stable code, a message for a person and whether the input was at fault.
///
/// A module declares its domain, names the error `public typealias JournalError =
/// CodedError<JournalErrorDomain>` and writes its factories in `extension CodedError where
/// Domain == JournalErrorDomain`; the code each factory gives is its first argument, a literal, so
/// the error code reference (`ErrorCodesDocTests`) finds it.
public struct CodedError<Domain: ErrorDomain>: LaneAgentError, Equatable {
    /// A stable code such as `LA-JOURNAL-001`.
    public let code: String
    /// What failed, with which input, and what to do; without the code.
    public let message: String
    /// True when the input or configuration was wrong (exit 2) rather than a fault found (exit 1).
    public let isUsageError: Bool

    /// The code, then the message: what a person reads.
    public var description: String { "\(code): \(message)" }

    /// An error with `code` and `message`; `usage` when the person's input is to be fixed.
    public init(_ code: String, _ message: String, usage: Bool = false) {
        self.code = code
        self.message = message
        self.isUsageError = usage
    }
}
