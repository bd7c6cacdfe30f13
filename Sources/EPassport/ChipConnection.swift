/// A conversation with one chip: its channel and, once BAC or PACE has run, the secure
/// messaging session every command then goes through. Commands are sent one at a time.
public struct ChipConnection: Sendable {
    public let channel: any CardChannel
    /// Nil before access control; set by BAC or PACE.
    public var secureMessaging: SecureMessaging?

    public init(channel: any CardChannel, secureMessaging: SecureMessaging? = nil) {
        self.channel = channel
        self.secureMessaging = secureMessaging
    }

    /// `command` sent (protected when a session is up) and the chip's plain answer. A failed
    /// channel is `.cardGone`; an answer too short to hold a status word, or one whose secure
    /// messaging does not verify, is `.garbled`.
    public mutating func send(_ command: CommandAPDU) async throws(ChipError) -> ResponseAPDU {
        if Task.isCancelled { throw ChipError(.cancelled, "the read was cancelled") }
        let outgoing = try secureMessaging?.protect(command) ?? command
        let answer: [UInt8]
        do {
            answer = try await channel.transmit(outgoing.bytes)
        } catch is CancellationError {
            throw ChipError(.cancelled, "the read was cancelled")
        } catch {
            throw ChipError(.cardGone, "the card left the field or the reader failed (\(error))")
        }
        guard let response = ResponseAPDU(bytes: answer) else {
            throw ChipError(.garbled, "the chip answered \(answer.count) byte(s), too few for a status word")
        }
        guard var session = secureMessaging else { return response }
        defer { secureMessaging = session }
        return try session.unprotect(response)
    }
}
