import LaneModel

/// Turns a camera's raw plate text into the form plates are compared by, and tells Vietnamese
/// from Chinese plates (`docs/protocols.md`, "Vehicle plates" and "Hikvision ANPR").
public enum PlateNormalizer {
    /// Separators removed, full-width letters and digits folded to ASCII, upper-cased; Chinese
    /// characters kept as they are: `12C-123.45` → `12C12345`, `桂Ａ·１２３４５` → `桂A12345`.
    public static func normalize(_ raw: String) -> String {
        var out = ""
        out.unicodeScalars.reserveCapacity(raw.unicodeScalars.count)
        for scalar in raw.unicodeScalars {
            let folded = fold(scalar)
            if folded.isASCII {
                let value = UInt8(folded.value)
                switch value {
                case UInt8(ascii: "a")...UInt8(ascii: "z"): out.unicodeScalars.append(Unicode.Scalar(value - 32))
                case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"): out.unicodeScalars.append(folded)
                default: continue  // spaces, '-', '.', '_', '/': separators
                }
            } else if folded.properties.isAlphabetic {
                // Chinese province and suffix characters; other scripts' letters upper-cased.
                out += String(folded).uppercased()
            }
            // Anything else (middle dots, ideographic space, bullets) separates.
        }
        return out
    }

    /// The reading for a camera's `raw` plate text: normalized, its colour word taken off and
    /// recorded (or the colour the camera named in a field of its own), its country told.
    public static func read(raw: String, confidence: Double?, direction: String?, namedColour: PlateColour? = nil) -> PlateRead {
        let (normalized, prefixed) = splitColour(normalize(raw))
        return PlateRead(raw: raw, normalized: normalized, country: country(of: normalized), confidence: confidence,
                         direction: direction, colour: (prefixed ?? namedColour)?.rawValue)
    }

    /// A normalized plate with a leading colour word taken off (`蓝苏A8HK52` → blue, `苏A8HK52`).
    /// Only when what follows is a Chinese plate and the whole text is not one already:
    /// `黑` is both black and Heilongjiang's abbreviation, so `黑A12345` keeps it.
    public static func splitColour(_ normalized: String) -> (plate: String, colour: PlateColour?) {
        guard country(of: normalized) == nil else { return (normalized, nil) }
        for (word, colour) in PlateColour.chineseWords where normalized.hasPrefix(word) {
            let rest = String(normalized.unicodeScalars.dropFirst(word.unicodeScalars.count))
            if country(of: rest) == "CN" { return (rest, colour) }
        }
        return (normalized, nil)
    }

    /// `VN`, `CN`, or nil when `normalized` has neither country's form.
    ///
    /// VN: 2-digit province, series letter, an optional digit or letter, 4–5 digits (`12C12345`,
    /// `29LD12345`, `29B112345`). CN: province character, letter, 5 letters or digits (6 for
    /// new-energy vehicles); the last may be a suffix character such as `挂` (semi-trailer).
    public static func country(of normalized: String) -> String? {
        let scalars = Array(normalized.unicodeScalars)
        if isVietnamese(scalars) { return "VN" }
        if isChinese(scalars) { return "CN" }
        return nil
    }

    /// The 31 province-level abbreviations that open a mainland Chinese plate.
    public static let chineseProvinces: Set<Unicode.Scalar> = Set("京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼".unicodeScalars)

    /// Characters that end special Chinese plates: trailer, learner, police, Hong Kong, Macao.
    public static let chineseSuffixes: Set<Unicode.Scalar> = Set("挂学警港澳".unicodeScalars)

    /// Full-width forms (U+FF01…U+FF5E) to their ASCII twins; the ideographic space to a space.
    static func fold(_ scalar: Unicode.Scalar) -> Unicode.Scalar {
        switch scalar.value {
        case 0xFF01...0xFF5E: Unicode.Scalar(scalar.value - 0xFEE0) ?? scalar
        case 0x3000: " "
        default: scalar
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool { ("0"..."9").contains(scalar) }
    private static func isLetter(_ scalar: Unicode.Scalar) -> Bool { ("A"..."Z").contains(scalar) }

    private static func isVietnamese(_ s: [Unicode.Scalar]) -> Bool {
        guard (7...9).contains(s.count), isDigit(s[0]), isDigit(s[1]), isLetter(s[2]) else { return false }
        // After the series letter: an optional digit or letter, then 4–5 digits. A digit there is
        // ambiguous (series digit or first serial digit); either reading is a VN plate.
        let rest = s[3...]
        if rest.allSatisfy(isDigit) { return (4...6).contains(rest.count) }
        guard let first = rest.first, isLetter(first) else { return false }
        let serial = rest.dropFirst()
        return (4...5).contains(serial.count) && serial.allSatisfy(isDigit)
    }

    private static func isChinese(_ s: [Unicode.Scalar]) -> Bool {
        guard (7...8).contains(s.count), chineseProvinces.contains(s[0]), isLetter(s[1]) else { return false }
        let rest = s[2...]
        let body = chineseSuffixes.contains(rest.last!) ? rest.dropLast() : rest[...]
        return body.allSatisfy { isLetter($0) || isDigit($0) }
    }
}
