/// Ways a simulated chip misbehaves, for tests of the reader's failures.
public enum SimulatedPassportFault: Sendable, Hashable {
    /// The card leaves the field (the channel throws) once `bytes` of the file `identifier` have been sent.
    case leaveWhileReading(identifier: UInt16, afterBytes: Int)
    /// READ BINARY gives at most `bytes` per command, as chips with small buffers do.
    case shortReads(maximum: Int)
    /// Every answer from the `command`th (counting from 1) on is noise of the same length.
    case garbage(fromCommand: Int)
    /// The file `identifier` announces `length` bytes in its first object's header, more than it holds.
    case announcedLength(identifier: UInt16, length: Int)
    /// The chip refuses Chip Authentication's MSE:Set KAT and MSE:Set AT (6A80).
    case refusesChipAuthentication
    /// The chip has DG14 but not its private key, as a copy of a genuine chip's files: its
    /// Chip Authentication uses a key of its own, so its answers do not verify under the reader's keys.
    case lacksChipAuthenticationKey
}
