/// Decides whether bytes are exactly RFC 8785 canonical JSON, the check every received record
/// must pass, without re-encoding them when it can avoid it.
///
/// Re-encoding the parsed value and comparing is exact but costs a second full pass with
/// allocations and key sorting per record. Most payloads are ASCII with integer numbers; for
/// those one scan proves the bytes are what `CanonicalJSON.encode` would write: no whitespace,
/// object keys strictly ascending (so sorted and unique), only the escapes JCS writes, integers
/// of at most 15 digits without leading zeros or `-0`, and any other number token equal to the
/// encoder's digits for the value it parses to. Anything else (non-ASCII, escaped keys) is not
/// decided by the scan and falls back to re-encoding, so the answer is always the same as
/// `CanonicalJSON.encode(value) == bytes`.
public enum CanonicalForm {
    /// Whether `bytes`, which parsed to `value`, are the canonical encoding of `value`.
    public static func isCanonical(_ bytes: [UInt8], value: JSONValue) -> Bool {
        provenCanonical(bytes) || CanonicalJSON.encode(value) == bytes
    }

    /// `true` only when the scan proves `bytes` canonical; `false` means "not proven".
    public static func provenCanonical(_ bytes: [UInt8]) -> Bool {
        bytes.withUnsafeBufferPointer { buffer in
            var scanner = Scanner(bytes: buffer)
            return scanner.value(depth: 0) && scanner.index == buffer.count
        }
    }

    private struct Scanner {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0
        /// The parser's nesting limit: deeper input never parses, so it is never proven here.
        static let maxDepth = 64

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        /// The byte at `offset` from the current one, 0 past the end (0 is never valid here).
        func peek(_ offset: Int = 0) -> UInt8 {
            index + offset < bytes.count ? bytes[index + offset] : 0
        }

        mutating func value(depth: Int) -> Bool {
            guard depth < Self.maxDepth else { return false }
            switch peek() {
            case UInt8(ascii: "{"): return object(depth: depth)
            case UInt8(ascii: "["): return array(depth: depth)
            case UInt8(ascii: "\""): return string(isKey: false) != nil
            case UInt8(ascii: "t"): return literal("true")
            case UInt8(ascii: "f"): return literal("false")
            case UInt8(ascii: "n"): return literal("null")
            case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return number()
            default: return false
            }
        }

        mutating func literal(_ text: StaticString) -> Bool {
            let count = text.utf8CodeUnitCount
            let matches = text.withUTF8Buffer { expected in
                (0..<count).allSatisfy { peek($0) == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// A number token exactly as `CanonicalJSON.writeNumber` writes the value it parses to.
        mutating func number() -> Bool {
            let start = index
            let negative = peek() == UInt8(ascii: "-")
            if negative { index += 1 }
            let first = peek()
            guard Self.isDigit(first) else { return false }
            var digits = 0
            while Self.isDigit(peek()) {
                index += 1
                digits += 1
            }
            let next = peek()
            let simple = next != UInt8(ascii: ".") && next != UInt8(ascii: "e") && next != UInt8(ascii: "E")
            // The common case decided without conversion: 15 digits are always exact in a
            // Double, so such an integer re-encodes to itself unless it is "-0" or has a leading zero.
            if simple, digits <= 15, first != UInt8(ascii: "0") || digits == 1 && !negative { return true }
            if next == UInt8(ascii: ".") {
                index += 1
                guard Self.isDigit(peek()) else { return false }
                while Self.isDigit(peek()) { index += 1 }
            }
            if peek() == UInt8(ascii: "e") || peek() == UInt8(ascii: "E") {
                index += 1
                if peek() == UInt8(ascii: "+") || peek() == UInt8(ascii: "-") { index += 1 }
                guard Self.isDigit(peek()) else { return false }
                while Self.isDigit(peek()) { index += 1 }
            }
            // Anything else: convert as the parser does and compare with the encoder's digits.
            let token = UnsafeBufferPointer(rebasing: bytes[start..<index])
            guard let value = Double(String(decoding: token, as: UTF8.self)), value.isFinite else { return false }
            var written: [UInt8] = []
            CanonicalJSON.writeNumber(value, into: &written)
            return written.elementsEqual(token)
        }

        /// An ASCII string with only the escapes JCS writes; its content's range, or nil. Keys
        /// must have no escapes at all, so their raw bytes are the ones compared for order.
        mutating func string(isKey: Bool) -> Range<Int>? {
            index += 1
            let start = index
            while true {
                let byte = peek()
                switch byte {
                case UInt8(ascii: "\""):
                    index += 1
                    return start..<index - 1
                case UInt8(ascii: "\\"):
                    guard !isKey else { return nil }
                    switch peek(1) {
                    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "b"), UInt8(ascii: "t"),
                         UInt8(ascii: "n"), UInt8(ascii: "f"), UInt8(ascii: "r"):
                        index += 2
                    case UInt8(ascii: "u"):
                        // JCS writes \u00xx (lower-case hex) only for controls without a short form.
                        guard peek(2) == UInt8(ascii: "0"), peek(3) == UInt8(ascii: "0"),
                              peek(4) == UInt8(ascii: "0") || peek(4) == UInt8(ascii: "1") else { return nil }
                        let low = peek(5)
                        let nibble: UInt8
                        switch low {
                        case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = low - UInt8(ascii: "0")
                        case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = low - UInt8(ascii: "a") + 10
                        default: return nil
                        }
                        let scalar = (peek(4) - UInt8(ascii: "0")) << 4 | nibble
                        guard ![0x08, 0x09, 0x0A, 0x0C, 0x0D].contains(scalar) else { return nil }
                        index += 6
                    default:
                        return nil
                    }
                case 0x20..<0x80:
                    index += 1
                default:
                    // Controls must be escaped; non-ASCII (and the end of input) is left to re-encoding.
                    return nil
                }
            }
        }

        mutating func object(depth: Int) -> Bool {
            index += 1
            if peek() == UInt8(ascii: "}") {
                index += 1
                return true
            }
            var previous: Range<Int>?
            while true {
                guard peek() == UInt8(ascii: "\""), let key = string(isKey: true) else { return false }
                // ASCII byte order is UTF-16 order: strictly ascending means sorted and unique.
                if let previous, !bytes[previous].lexicographicallyPrecedes(bytes[key]) { return false }
                previous = key
                guard peek() == UInt8(ascii: ":") else { return false }
                index += 1
                guard value(depth: depth + 1) else { return false }
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "}"): index += 1; return true
                default: return false
                }
            }
        }

        mutating func array(depth: Int) -> Bool {
            index += 1
            if peek() == UInt8(ascii: "]") {
                index += 1
                return true
            }
            while true {
                guard value(depth: depth + 1) else { return false }
                switch peek() {
                case UInt8(ascii: ","): index += 1
                case UInt8(ascii: "]"): index += 1; return true
                default: return false
                }
            }
        }

        static func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
    }
}
