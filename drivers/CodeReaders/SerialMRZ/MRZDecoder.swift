import CrossingCodes
import DeviceKit

/// Document readers that send the machine-readable zone as text lines (ICAO 9303 TD1, 3 × 30;
/// TD3, 2 × 44) ended by CR, LF or CRLF. A document is complete when its format's line count
/// is in. Lines of another length or alphabet, a blank line inside a document, or a line of
/// the other format are frame errors, and the partial document goes with them. Check digits are
/// not frame errors: they are verified when the document is read (`MRZDocument.read(at:)`).
///
/// The lines identify a person, so frame errors carry neither their text nor their bytes:
/// the reasons name line numbers, lengths and columns only.
public struct MRZDecoder: FrameDecoder {
    /// Longer lines are cut off as noise, whatever they hold.
    static let maximumLineLength = 64
    private var lines = LineCutter(maximumLength: maximumLineLength)
    private var format: MRZFormat?
    private var pending: [[UInt8]] = []

    public init() {}

    public mutating func append(_ bytes: some Sequence<UInt8>) { lines.append(bytes) }

    public mutating func next() -> DecodeStep<MRZDocument>? {
        while let cut = lines.next() {
            switch cut {
            case .overlong:
                return refuse("a line longer than \(Self.maximumLineLength) characters")
            case .line(let bytes):
                let line = Self.trimmingSpaces(bytes)
                if line.isEmpty {
                    guard let format, !pending.isEmpty else { continue }
                    return refuse("a blank line after \(pending.count) of \(format.lineCount) \(format.rawValue) lines")
                }
                if let column = line.firstIndex(where: { !MRZCheckDigit.isMRZCharacter($0) }) {
                    return refuse("a line of \(line.count) characters with \(Self.describe(line[column])) at column \(column + 1) "
                        + "(MRZ lines hold only A-Z, 0-9 and <)")
                }
                guard let lineFormat = MRZFormat.withLineLength(line.count) else {
                    return refuse("a line of \(line.count) characters (TD1 lines have 30, TD3 lines 44; TD2 and visas are not read)")
                }
                if let format, format != lineFormat {
                    let step = refuse("a \(lineFormat.rawValue) line after \(pending.count) \(format.rawValue) line\(pending.count == 1 ? "" : "s")")
                    start(line, as: lineFormat)
                    return step
                }
                if pending.isEmpty && !lineFormat.canStartDocument(line) {
                    return refuse("a \(lineFormat.rawValue) line that cannot start a document (its document code must begin with "
                        + "\(lineFormat.documentCodeStarts)); a first line was lost")
                }
                format = lineFormat
                pending.append(line)
                if pending.count == lineFormat.lineCount {
                    // The checks above leave nothing for the document's own to refuse.
                    guard let document = MRZDocument(format: lineFormat, lines: pending) else { return refuse("lines that do not form a document") }
                    pending = []
                    format = nil
                    return .frame(document, raw: Array(document.lines.joined(separator: [LineCutter.lineFeed])))
                }
            }
        }
        return nil
    }

    /// Drops the partial document and reports `what` arrived; no MRZ text goes into the error.
    private mutating func refuse(_ what: String) -> DecodeStep<MRZDocument> {
        let dropped = pending.isEmpty ? "" : "; the \(pending.count) line\(pending.count == 1 ? "" : "s") before it dropped"
        pending = []
        format = nil
        return .error(FrameError("MRZ: \(what)\(dropped)", bytes: []))
    }

    /// Starts a new document with `line` (after the previous one was refused).
    private mutating func start(_ line: [UInt8], as lineFormat: MRZFormat) {
        guard lineFormat.canStartDocument(line) else { return }
        format = lineFormat
        pending = [line]
    }

    /// Some readers pad lines with spaces; MRZ lines hold none.
    private static func trimmingSpaces(_ bytes: [UInt8]) -> [UInt8] {
        guard let first = bytes.firstIndex(where: { $0 != 0x20 }), let last = bytes.lastIndex(where: { $0 != 0x20 }) else { return [] }
        return Array(bytes[first...last])
    }

    /// What kind of character is out of place, without saying which (the line is personal data).
    private static func describe(_ byte: UInt8) -> String {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"): "a lower-case letter"
        case 0x20: "a space"
        case 0..<0x20, 0x7F: "a control byte"
        case 0x80...: "a non-ASCII byte"
        default: "a punctuation mark"
        }
    }
}
