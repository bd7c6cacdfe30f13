/// The start of a device's input as one line of text for a rejection's excerpt: line breaks
/// written as `\r` and `\n`, other control bytes as `.`, invalid UTF-8 replaced.
public enum InputExcerpt {
    /// Up to `limit` characters of `bytes`.
    public static func of<Bytes: Collection<UInt8>>(_ bytes: Bytes, limit: Int = 200) -> String {
        var out = ""
        for character in String(decoding: bytes.prefix(limit * 4), as: UTF8.self) {
            if out.count >= limit { break }
            switch character {
            case "\r\n": out += "\\r\\n"
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            default:
                let control = character.unicodeScalars.allSatisfy { $0.value < 0x20 || $0.value == 0x7F }
                out += control ? "." : String(character)
            }
        }
        return String(out.prefix(limit))
    }
}
