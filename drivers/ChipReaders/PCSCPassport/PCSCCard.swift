import CPCSC
import Dispatch
import EPassport
import Synchronization

/// The card on one reader (`SCardConnect`, shared), as an APDU channel: each command goes out
/// with `SCardTransmit` under the protocol the card chose, on a queue of its own so a slow card
/// blocks no task thread. `61 XX` (more data) and `6C XX` (wrong length), which T=0 cards
/// answer, are followed up here, so callers see one response per command whatever the protocol.
public final class PCSCCard: CardChannel, Sendable {
    /// How the card talks to the reader.
    public enum CardProtocol: String, Sendable {
        case t0 = "T=0"
        case t1 = "T=1"
    }

    public let reader: String
    public let cardProtocol: CardProtocol
    private let context: PCSCContext
    private let handle: SCARDHANDLE
    private let queue: DispatchQueue
    private let connected = Mutex(true)
    /// Set when a command outlived its deadline and still holds the card's queue.
    private let silent = Mutex(false)

    /// The most a response may grow to through `61 XX` follow-ups: the largest extended-length answer.
    static let maximumResponse = 65_538

    /// How long one command and its follow-ups may take before the card is given up as silent.
    public let commandDeadline: Duration

    /// The usual deadline: far above a passport's slowest answer (an RSA Active Authentication
    /// takes about a second), far below a technician's patience.
    public static let defaultCommandDeadline = Duration.seconds(10)

    init(context: PCSCContext, reader: String, commandDeadline: Duration = PCSCCard.defaultCommandDeadline) throws(PCSCError) {
        var card: SCARDHANDLE = 0
        var active: DWORD = 0
        let status = PCSCStatus(rawValue: SCardConnect(context.handle, reader, DWORD(SCARD_SHARE_SHARED),
                                                        DWORD(SCARD_PROTOCOL_T0 | SCARD_PROTOCOL_T1), &card, &active))
        guard status == .success else { throw PCSCError(status: status, reader: reader, operation: "connect to the card") }
        self.context = context
        self.reader = reader
        handle = card
        cardProtocol = active == DWORD(SCARD_PROTOCOL_T0) ? .t0 : .t1
        queue = DispatchQueue(label: "pcsc.card")
        self.commandDeadline = commandDeadline
    }

    deinit { if connected.withLock({ $0 }) { SCardDisconnect(handle, DWORD(SCARD_LEAVE_CARD)) } }

    /// Ends the connection; `reset` powers the card down and up again, so the next reader starts
    /// from a fresh chip (no secure-messaging session left open).
    public func disconnect(reset: Bool = true) {
        let wasConnected = connected.withLock { state in
            defer { state = false }
            return state
        }
        guard wasConnected else { return }
        let disposition = DWORD(reset ? SCARD_RESET_CARD : SCARD_LEAVE_CARD)
        // Behind a command a silent card still holds, on the card's queue: pcsc-lite serialises
        // calls on one card, so disconnecting from the caller's thread would block it as long.
        if silent.withLock({ $0 }) {
            queue.async { [handle] in SCardDisconnect(handle, disposition) }
        } else {
            SCardDisconnect(handle, disposition)
        }
    }

    /// Sends `command`; a card that has not answered within `commandDeadline` fails it with
    /// `cardUnresponsive` and the card is dropped (SCardTransmit itself cannot be cancelled: its
    /// thread is left to return when pcscd gives up).
    public func transmit(_ command: [UInt8]) async throws -> [UInt8] {
        let outcome = Mutex<CheckedContinuation<[UInt8], any Error>?>(nil)
        let seconds = commandDeadline.components
        return try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<[UInt8], any Error>) in
            outcome.withLock { $0 = continuation }
            // Whichever comes first, the answer or the deadline, resumes the caller; the other finds
            // nothing left to resume. The deadline holds the card weakly, so the timers of answered
            // commands keep no card alive.
            queue.async { [self] in
                let result: Result<[UInt8], PCSCError>
                do throws(PCSCError) {
                    result = .success(try exchange(command))
                } catch {
                    result = .failure(error)
                }
                outcome.withLock { $0.take() }?.resume(with: result.mapError { $0 as any Error })
            }
            let nanoseconds = Int(seconds.seconds) * 1_000_000_000 + Int(seconds.attoseconds / 1_000_000_000)
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [weak self] in
                guard let waiting = outcome.withLock({ $0.take() }) else { return }
                let error = PCSCError(kind: .cardUnresponsive, reader: self?.reader ?? "", operation: "transmit (no answer within \(seconds.seconds) s)")
                self?.silent.withLock { $0 = true }
                self?.disconnect(reset: true)
                waiting.resume(throwing: error)
            }
        }
    }

    /// One command and its follow-ups, blocking.
    private func exchange(_ command: [UInt8]) throws(PCSCError) -> [UInt8] {
        var response = try send(command)
        // 6C XX: the card wants the same command with Le = XX (once; a card that asks again is answered as is).
        if response.count == 2, response[0] == 0x6C, command.count >= 4 {
            response = try send(Self.command(command, expecting: response[1]))
        }
        // 61 XX: XX more bytes wait for GET RESPONSE.
        var data = Array(response.dropLast(2))
        var status = Array(response.suffix(2))
        while status[0] == 0x61, data.count < Self.maximumResponse {
            let more = try send([command[0] & 0x03, 0xC0, 0x00, 0x00, status[1]])
            data += more.dropLast(2)
            status = Array(more.suffix(2))
        }
        return data + status
    }

    /// `command` with its Le set to `length`: added to a command without one, replacing the one it has.
    static func command(_ command: [UInt8], expecting length: UInt8) -> [UInt8] {
        let withoutLe = command.count == 4 || (command.count > 5 && command.count == 5 + Int(command[4]))
        return (withoutLe ? command : Array(command.dropLast())) + [length]
    }

    /// One `SCardTransmit`.
    private func send(_ command: [UInt8]) throws(PCSCError) -> [UInt8] {
        guard connected.withLock({ $0 }) else { throw PCSCError(kind: .cardRemoved, reader: reader, operation: "transmit") }
        var buffer = [UInt8](repeating: 0, count: Self.maximumResponse)
        var length = DWORD(buffer.count)
        // What pcsc-lite's g_rgSCardT0Pci / g_rgSCardT1Pci hold: the protocol and the structure's size.
        var pci = SCARD_IO_REQUEST(dwProtocol: DWORD(cardProtocol == .t0 ? SCARD_PROTOCOL_T0 : SCARD_PROTOCOL_T1),
                                   cbPciLength: DWORD(MemoryLayout<SCARD_IO_REQUEST>.size))
        let status = PCSCStatus(rawValue: SCardTransmit(handle, &pci, command, DWORD(command.count), nil, &buffer, &length))
        guard status == .success else { throw PCSCError(status: status, reader: reader, operation: "transmit") }
        guard length >= 2, length <= DWORD(buffer.count) else {
            throw PCSCError(kind: .communication, reader: reader, operation: "transmit (the answer has \(length) bytes, no status word)")
        }
        return Array(buffer.prefix(Int(length)))
    }
}
