import CPCSC

/// One connection to pcscd (`SCardEstablishContext`), released when the value goes. Readers are
/// listed through it. pcsc-lite serialises calls on one context and holds its lock for the whole
/// of a blocking call, so whatever may block gets a context of its own: a presence wait
/// (`CardPresenceWatch`), so that cancelling it cancels nothing else, and each card, so that a
/// card which stops answering holds up nothing but itself.
public final class PCSCContext: Sendable {
    /// pcsc-lite's handle; valid until `deinit`.
    let handle: SCARDCONTEXT

    /// Connects to pcscd (its socket is `/run/pcscd/pcscd.comm`, or `PCSCLITE_CSOCK_NAME`).
    public init() throws(PCSCError) {
        var context: SCARDCONTEXT = 0
        let status = PCSCStatus(rawValue: SCardEstablishContext(DWORD(SCARD_SCOPE_SYSTEM), nil, nil, &context))
        guard status == .success else { throw PCSCError(status: status, reader: "", operation: "establish a context with pcscd") }
        handle = context
    }

    deinit { SCardReleaseContext(handle) }

    /// The readers pcscd has now, in its order; empty when it has none.
    public func readers() throws(PCSCError) -> [String] {
        var length: DWORD = 0
        var status = PCSCStatus(rawValue: SCardListReaders(handle, nil, nil, &length))
        if status == .noReadersAvailable { return [] }
        guard status == .success else { throw PCSCError(status: status, reader: "", operation: "list readers") }
        // A multi-string: names ended by NUL, the list by one more. Bounded: pcscd allows 16 readers of 128 bytes.
        guard length > 0, length <= 16 * 130 + 1 else { return [] }
        var buffer = [CChar](repeating: 0, count: Int(length))
        status = PCSCStatus(rawValue: SCardListReaders(handle, nil, &buffer, &length))
        if status == .noReadersAvailable { return [] }
        guard status == .success else { throw PCSCError(status: status, reader: "", operation: "list readers") }
        return Self.names(in: buffer.prefix(Int(min(length, DWORD(buffer.count)))))
    }

    /// The reader whose name contains `name` (letter case ignored); one named exactly so wins,
    /// else the first in pcscd's order. The error lists the readers there are when none matches.
    public func reader(matching name: String) throws(PCSCError) -> String {
        let readers = try readers()
        guard !readers.isEmpty else { throw PCSCError(kind: .noReaders, reader: name, operation: "find the reader") }
        if let exact = readers.first(where: { $0 == name }) { return exact }
        let wanted = name.lowercased()
        guard let found = readers.first(where: { $0.lowercased().contains(wanted) }) else {
            throw PCSCError(kind: .readerNotFound, reader: name, operation: "find the reader", available: readers)
        }
        return found
    }

    /// Connects to the card on `reader`, shared, T=1 or T=0 as the card offers, on a context of
    /// the card's own; a command the card leaves unanswered for `commandDeadline` fails and drops
    /// the card.
    public func connect(reader: String, commandDeadline: Duration = PCSCCard.defaultCommandDeadline) throws(PCSCError) -> PCSCCard {
        try PCSCCard(context: try PCSCContext(), reader: reader, commandDeadline: commandDeadline)
    }

    /// The names in a PC/SC multi-string.
    static func names(in buffer: some Collection<CChar>) -> [String] {
        buffer.split(separator: 0).map { String(decoding: $0.map { UInt8(bitPattern: $0) }, as: UTF8.self) }
    }
}
