import LaneModel

/// ISO 6346 container identification (`docs/protocols.md`, "ISO 6346"): owner code (3 letters), category
/// (`U` freight, `J` detachable equipment, `Z` trailer or chassis), 6-digit serial and check
/// digit, as `CSQU3054383`.
public enum ContainerCode {
    /// `raw` upper-cased with spaces and separators (`-`, `.`, `/`, `_`) removed, as cameras and
    /// people write the code: `CSQU 305438 3` and `csqu-305438-3` both give `CSQU3054383`.
    public static func normalize(_ raw: String) -> String {
        String(raw.uppercased().unicodeScalars.filter { !$0.properties.isWhitespace && !"-./_".unicodeScalars.contains($0) }
            .map(Character.init))
    }

    /// Why `code` (normalised) is not a valid container code, or nil when it is.
    public static func problem(_ code: String) -> String? {
        let scalars = Array(code.unicodeScalars)
        guard scalars.count == 11 else {
            return "\(scalars.count) characters; a container code has 11 (owner, category, 6-digit serial, check digit)"
        }
        if let position = scalars.firstIndex(where: { !$0.isASCII }) {
            return "character \(position + 1) is not an ASCII letter or digit"
        }
        let characters = Array(code.utf8)
        guard characters[0..<3].allSatisfy(isLetter) else { return "owner code \(code.prefix(3)) is not 3 letters" }
        guard [UInt8(ascii: "U"), UInt8(ascii: "J"), UInt8(ascii: "Z")].contains(characters[3]) else {
            return "category \(code.dropFirst(3).prefix(1)) is not U, J or Z"
        }
        guard characters[4..<11].allSatisfy(isDigit) else {
            return "serial and check digit \(code.suffix(7)) are not 7 digits"
        }
        let expected = checkDigit(characters[0..<10])
        let read = Int(characters[10] - UInt8(ascii: "0"))
        return expected == read ? nil : "check digit \(expected) expected, \(read) read"
    }

    /// The check digit of an owner code, category and serial (10 characters, validated): the
    /// sum of each character's value times 2^position, modulo 11, a remainder of 10 giving 0.
    static func checkDigit(_ characters: ArraySlice<UInt8>) -> Int {
        var sum = 0
        for (position, character) in characters.enumerated() {
            sum += value(character) << position
        }
        return sum % 11 % 10
    }

    /// Digits are their value; letters count from A = 10 upwards, skipping 11, 22 and 33
    /// (multiples of 11), so A10 B12 … K21 L23 … U32 V34 … Z38.
    static func value(_ character: UInt8) -> Int {
        if isDigit(character) { return Int(character - UInt8(ascii: "0")) }
        var value = 9
        for _ in UInt8(ascii: "A")...character {
            value += 1
            if value % 11 == 0 { value += 1 }
        }
        return value
    }

    /// The reading of `raw` as a camera reported it: normalised, checked, and kept even when
    /// it is not valid (the problem says why).
    public static func read(_ raw: String, confidence: Double?) -> ContainerRead {
        let code = normalize(raw)
        let problem = problem(code)
        return ContainerRead(raw: raw, code: code, valid: problem == nil, problem: problem, confidence: confidence)
    }

    private static func isLetter(_ byte: UInt8) -> Bool { (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) }
    private static func isDigit(_ byte: UInt8) -> Bool { (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
}
