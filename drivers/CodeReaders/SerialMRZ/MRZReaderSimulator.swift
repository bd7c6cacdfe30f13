import DeviceKit

/// A document reader on a pseudo-terminal that sends each document's MRZ lines, as readers
/// that emit the zone over a serial line do. The driver opens `terminal.slavePath`.
public final class MRZReaderSimulator: Sendable {
    public let terminal: PseudoTerminal
    public let lineEnding: LineEnding

    public init(terminal: PseudoTerminal, lineEnding: LineEnding = .carriageReturn) {
        self.terminal = terminal
        self.lineEnding = lineEnding
    }

    /// Sends the lines of one document, each ended, then a blank line (as many readers mark
    /// the end of a document); false when nobody reads the line and they were dropped.
    @discardableResult
    public func send(_ lines: [String], blankLineAfter: Bool = true) -> Bool {
        var bytes = lines.flatMap { Array($0.utf8) + lineEnding.bytes }
        if blankLineAfter { bytes += lineEnding.bytes }
        return terminal.send(bytes)
    }
}
