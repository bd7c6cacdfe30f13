/// ICAO 9303 check digits (part 3, §4.9): character values (digits their value, `A`–`Z`
/// 10–35, filler `<` 0) weighted 7, 3, 1 repeating, summed, modulo 10.
public enum MRZCheckDigit {
    /// The check digit of `characters`, which are MRZ characters (validated before).
    public static func compute(_ characters: some Sequence<UInt8>) -> Int {
        let weights = [7, 3, 1]
        var sum = 0
        for (index, character) in characters.enumerated() {
            sum += value(character) * weights[index % 3]
        }
        return sum % 10
    }

    /// True when `digit` is the check digit of `characters`.
    public static func verifies(_ characters: some Sequence<UInt8>, digit: UInt8) -> Bool {
        guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return false }
        return compute(characters) == Int(digit - UInt8(ascii: "0"))
    }

    static func value(_ character: UInt8) -> Int {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): Int(character - UInt8(ascii: "0"))
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): Int(character - UInt8(ascii: "A")) + 10
        default: 0
        }
    }

    /// True for the characters an MRZ may hold: `A`–`Z`, `0`–`9` and `<`.
    public static func isMRZCharacter(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains(byte) || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte)
            || byte == UInt8(ascii: "<")
    }
}
