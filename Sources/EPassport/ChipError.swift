/// Why talking to a travel document's chip stopped, in words for a technician: which step or
/// file, and what the chip did. Never the holder's data.
public struct ChipError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The kind of failure, for code that decides what to do next.
    public enum Kind: String, Sendable, Hashable {
        /// The access key (MRZ or CAN) does not open the chip: BAC's or PACE's authentication failed.
        case accessDenied
        /// The channel failed: the card left the field, the reader went away.
        case cardGone
        /// The chip answered with a status word that refuses the command.
        case refused
        /// The chip's answer is not what the protocol allows: short, malformed, a MAC that does not verify.
        case garbled
        /// A file announces more bytes than the reader accepts for it.
        case tooLarge
        /// The chip offers only what this reader does not implement.
        case unsupported
        /// The read was cancelled.
        case cancelled
    }

    public let kind: Kind
    /// What failed, such as "DG2: the card left the field (reader error: ...)".
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The same failure, said of `context` ("while DG2 was read").
    func during(_ context: String) -> ChipError { ChipError(kind, "\(context): \(message)") }
}
