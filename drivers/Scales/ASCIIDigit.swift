/// Digits and numbers as indicators write them in ASCII.
enum ASCIIDigit {
    /// The value of `0`–`9`, or nil.
    static func value(_ byte: UInt8) -> Int? {
        (0x30...0x39).contains(byte) ? Int(byte - 0x30) : nil
    }

    /// 10 to the `exponent` (0...9), exact as a Double.
    static func powerOfTen(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<exponent { result *= 10 }
        return result
    }

    /// A decimal number as indicators print it: optional sign, digits, optional point and
    /// spaces around; nil for anything else (dashes of an overload display, letters).
    static func number(_ text: some StringProtocol) -> Double? {
        let trimmed = text.trimmingCharacters(in: " ")
        guard !trimmed.isEmpty, trimmed.utf8.count <= 16 else { return nil }
        var sawDigit = false
        var sawPoint = false
        for (index, byte) in trimmed.utf8.enumerated() {
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): sawDigit = true
            case UInt8(ascii: "."): if sawPoint { return nil } else { sawPoint = true }
            case UInt8(ascii: "+"), UInt8(ascii: "-"): if index != 0 { return nil }
            default: return nil
            }
        }
        return sawDigit ? Double(String(trimmed)) : nil
    }
}
