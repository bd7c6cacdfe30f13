/// Reads an envelope line laid out exactly as `Envelope.encoded()` writes it, without building
/// a JSON tree: the receiver parses every uploaded line, and the generic parser's dictionaries,
/// strings and Foundation base64 cost more than the rest of the non-crypto work.
///
/// Only the exact layout is read here (members in that order, no whitespace, ASCII strings
/// without escapes, padded standard base64 with zero trailing bits); any other line returns nil
/// and goes through the generic parser, so what is accepted and how it decodes never changes.
enum EnvelopeLine {
    static func parse<Bytes: Collection<UInt8>>(_ line: Bytes) -> Envelope? {
        line.withContiguousStorageIfAvailable { buffer -> Envelope? in
            var reader = Reader(bytes: buffer)
            return reader.envelope()
        } ?? nil
    }

    private struct Reader {
        let bytes: UnsafeBufferPointer<UInt8>
        var index = 0

        init(bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

        mutating func envelope() -> Envelope? {
            guard take(#"{"payload":""#), let payload = base64(), take(#"","payloadType":""#),
                  let type = text(), take(#"","signatures":["#) else { return nil }
            var signatures: [Envelope.Signature] = []
            repeat {
                guard take(#"{"keyid":""#), let keyID = text(), take(#"","sig":""#), let signature = base64(),
                      take(#""}"#) else { return nil }
                signatures.append(.init(keyID: keyID, signature: signature))
            } while take(",")
            guard take("]}"), index == bytes.count else { return nil }
            return Envelope(payloadType: type, payload: payload, signatures: signatures)
        }

        /// Consumes `literal` if the bytes continue with it.
        mutating func take(_ literal: StaticString) -> Bool {
            let count = literal.utf8CodeUnitCount
            guard index + count <= bytes.count else { return false }
            let matches = literal.withUTF8Buffer { expected in
                (0..<count).allSatisfy { bytes[index + $0] == expected[$0] }
            }
            if matches { index += count }
            return matches
        }

        /// Printable ASCII up to the closing quote (left in place); nil on an escape or other byte.
        mutating func text() -> String? {
            let start = index
            while index < bytes.count {
                let byte = bytes[index]
                if byte == UInt8(ascii: "\"") {
                    return String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                }
                guard byte >= 0x20, byte < 0x80, byte != UInt8(ascii: "\\") else { return nil }
                index += 1
            }
            return nil
        }

        /// Standard padded base64 up to the closing quote (left in place).
        mutating func base64() -> [UInt8]? {
            let start = index
            while index < bytes.count, bytes[index] != UInt8(ascii: "\"") { index += 1 }
            guard index < bytes.count else { return nil }
            return Self.decodeBase64(UnsafeBufferPointer(rebasing: bytes[start..<index]))
        }

        static func decodeBase64(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
            guard text.count % 4 == 0 else { return nil }
            var padding = 0
            if text.count >= 4, text[text.count - 1] == UInt8(ascii: "=") {
                padding = text[text.count - 2] == UInt8(ascii: "=") ? 2 : 1
            }
            var output = [UInt8]()
            output.reserveCapacity(text.count / 4 * 3)
            var position = 0
            while position < text.count {
                let isLast = position + 4 == text.count
                let usable = isLast ? 4 - padding : 4
                var group: UInt32 = 0
                for offset in 0..<4 {
                    let sextet: UInt32
                    if offset < usable {
                        guard let value = sextetValue(text[position + offset]) else { return nil }
                        sextet = value
                    } else {
                        sextet = 0
                    }
                    group = group << 6 | sextet
                }
                output.append(UInt8(truncatingIfNeeded: group >> 16))
                if usable > 2 { output.append(UInt8(truncatingIfNeeded: group >> 8)) }
                if usable > 3 { output.append(UInt8(truncatingIfNeeded: group)) }
                // Bits the padding drops must be zero, or the text is not the canonical encoding.
                if usable == 2, group & 0xFFFF != 0 { return nil }
                if usable == 3, group & 0xFF != 0 { return nil }
                position += 4
            }
            return output
        }

        static func sextetValue(_ byte: UInt8) -> UInt32? {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(byte - UInt8(ascii: "A"))
            case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(byte - UInt8(ascii: "a")) + 26
            case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0")) + 52
            case UInt8(ascii: "+"): 62
            case UInt8(ascii: "/"): 63
            default: nil
            }
        }
    }
}
