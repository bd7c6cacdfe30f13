/// How a simulated reader ends each line it sends: the drivers accept all three.
public enum LineEnding: String, Sendable, Hashable, CaseIterable {
    /// `CR`, what most serial scanners send by default.
    case carriageReturn = "cr"
    /// `LF`.
    case lineFeed = "lf"
    /// `CR LF`.
    case carriageReturnLineFeed = "crlf"

    /// The terminator's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .carriageReturn: [0x0D]
        case .lineFeed: [0x0A]
        case .carriageReturnLineFeed: [0x0D, 0x0A]
        }
    }
}
