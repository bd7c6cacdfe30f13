/// Turns one connection's bytes into typed readings: a protocol decoder plus whatever the
/// driver decides in software (stability, units). A new session starts with each connection.
public protocol SerialSession: Sendable {
    associatedtype Reading: Sendable

    /// What to send to ask for readings, for polled protocols; nil for continuous output.
    var poll: SerialPoll? { get }

    /// Adds bytes as they arrived.
    mutating func append(_ bytes: some Sequence<UInt8>)

    /// The next reading or frame error the buffered bytes complete, stamped `time`.
    mutating func next(at time: ReceiveTime) -> DecodeStep<Reading>?
}
