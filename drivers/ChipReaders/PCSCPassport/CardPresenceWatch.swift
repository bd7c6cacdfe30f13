import CPCSC
import Foundation
import Synchronization

/// A reader's card presence as an async sequence, from `SCardGetStatusChange`: the state when
/// watching starts, then each change. The wait runs on a thread of its own with a context of its
/// own; ending the sequence (the consuming task cancelled, or the sequence dropped) calls
/// `SCardCancel`, which wakes it. The sequence throws `PCSCError` when the reader goes away or
/// pcscd stops, and so ends.
public enum CardPresenceWatch {
    /// How long one wait lasts before it is made again: bounds how late a cancel that arrives
    /// between two waits is seen (pcsc-lite cancels only a wait in progress).
    static let waitMilliseconds: DWORD = 500

    /// Presence changes on `reader` (its full name, as `PCSCContext.reader(matching:)` gives it).
    public static func changes(reader: String) -> AsyncThrowingStream<CardPresence, any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: CardPresence.self, throwing: (any Error).self)
        let context: PCSCContext
        do {
            context = try PCSCContext()
        } catch {
            continuation.finish(throwing: error)
            return stream
        }
        let stopped = Mutex(false)
        continuation.onTermination = { _ in
            stopped.withLock { $0 = true }
            SCardCancel(context.handle)
        }
        let thread = Thread {
            watch(reader: reader, context: context, stopped: stopped, continuation: continuation)
        }
        thread.name = "pcsc.presence"
        thread.start()
        return stream
    }

    private static func watch(reader: String, context: PCSCContext, stopped: borrowing Mutex<Bool>,
                              continuation: AsyncThrowingStream<CardPresence, any Error>.Continuation) {
        let name = strdup(reader)
        defer { free(name) }
        var known = DWORD(SCARD_STATE_UNAWARE)
        var last: CardPresence?
        while !stopped.withLock({ $0 }) {
            var state = SCARD_READERSTATE()
            state.szReader = UnsafePointer(name)
            state.dwCurrentState = known
            let status = PCSCStatus(rawValue: SCardGetStatusChange(context.handle, waitMilliseconds, &state, 1))
            switch status {
            case .success: break
            case .timeout: continue
            case .cancelled, .systemCancelled:
                continuation.finish()
                return
            default:
                continuation.finish(throwing: failure(status, reader: reader))
                return
            }
            let event = state.dwEventState
            if event & DWORD(SCARD_STATE_UNKNOWN | SCARD_STATE_UNAVAILABLE) != 0 {
                continuation.finish(throwing: PCSCError(kind: .readerUnavailable, reader: reader, operation: "watch for cards"))
                return
            }
            let presence = Self.presence(event: event, atr: state)
            if presence != last {
                last = presence
                continuation.yield(presence)
            }
            known = event & ~DWORD(SCARD_STATE_CHANGED)
        }
        continuation.finish()
    }

    /// Why a wait failed. pcscd going away answers a waiting client with several codes (an RPC
    /// transport error, "access denied", the reader vanishing as pcscd drops it), so when a
    /// fresh context cannot be had either, the cause is told as pcscd not running.
    static func failure(_ status: PCSCStatus, reader: String) -> PCSCError {
        let error = PCSCError(status: status, reader: reader, operation: "watch for cards")
        guard error.kind != .noService else { return error }
        do {
            _ = try PCSCContext()
            return error
        } catch let probe {
            return probe.kind == .noService ? PCSCError(kind: .noService, reader: reader, operation: "watch for cards", status: probe.status) : error
        }
    }

    /// What `event` (a reader state's event flags) says is on the reader.
    static func presence(event: DWORD, atr state: SCARD_READERSTATE) -> CardPresence {
        if event & DWORD(SCARD_STATE_MUTE) != 0 { return .mute }
        guard event & DWORD(SCARD_STATE_PRESENT) != 0 else { return .absent }
        var atr = state.rgbAtr
        let count = Int(min(state.cbAtr, DWORD(MAX_ATR_SIZE)))
        let bytes = withUnsafeBytes(of: &atr) { Array($0.prefix(count)) }
        return .present(atr: bytes)
    }
}
