import DeviceKit
import LaneModel

/// QR and barcode readers in USB CDC-ACM (or RS-232) mode: one code per line, ended by CR, LF
/// or CRLF. Blank lines are skipped; a code that is not UTF-8, or longer than
/// `maximumLength` bytes, is a frame error and decoding picks up at the next line end.
public struct SerialCodeDecoder: FrameDecoder {
    /// Longer than any QR code (2,953 bytes at most in binary mode) with room for a prefix.
    public static let defaultMaximumLength = 4096

    private var lines: LineCutter

    public init(maximumLength: Int = defaultMaximumLength) {
        lines = LineCutter(maximumLength: maximumLength)
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { lines.append(bytes) }

    public mutating func next() -> DecodeStep<String>? {
        while let cut = lines.next() {
            switch cut {
            case .line(let bytes) where bytes.isEmpty:
                continue
            case .line(let bytes):
                guard let text = String(validating: bytes, as: UTF8.self) else {
                    return .error(FrameError("code of \(bytes.count) bytes is not UTF-8 text\(Self.firstInvalid(bytes))", bytes: bytes))
                }
                return .frame(text, raw: bytes)
            case .overlong(let start):
                return .error(FrameError("code longer than \(lines.maximumLength) bytes; dropped up to the next line end",
                                         bytes: Array(start.prefix(64))))
            }
        }
        return nil
    }

    /// Where the UTF-8 breaks, for the technician: a reader set to a legacy code page (GB 2312,
    /// Windows-1258) sends bytes that are not UTF-8.
    private static func firstInvalid(_ bytes: [UInt8]) -> String {
        var parser = Unicode.UTF8.ForwardParser()
        var iterator = bytes.makeIterator()
        var offset = 0
        while true {
            switch parser.parseScalar(from: &iterator) {
            case .valid(let scalar): offset += scalar.count
            case .error: return " (invalid from byte \(offset), 0x\(Hex.encode([bytes[offset]])); set the reader to UTF-8 output)"
            case .emptyInput: return ""
            }
        }
    }
}
