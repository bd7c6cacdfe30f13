import DeviceKit

/// A serial QR/barcode reader on a pseudo-terminal: each code sent is one line, as a reader
/// in USB CDC-ACM mode sends it. The driver opens `terminal.slavePath` (or a link to it).
public final class CodeReaderSimulator: Sendable {
    public let terminal: PseudoTerminal
    public let lineEnding: LineEnding

    public init(terminal: PseudoTerminal, lineEnding: LineEnding = .carriageReturn) {
        self.terminal = terminal
        self.lineEnding = lineEnding
    }

    /// Sends `code` and the line ending; false when nobody reads the line and it was dropped.
    @discardableResult
    public func send(_ code: String) -> Bool {
        terminal.send(Array(code.utf8) + lineEnding.bytes)
    }
}
