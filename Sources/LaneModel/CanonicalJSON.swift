import Foundation

/// Writes JSON in the canonical form of RFC 8785 (JCS): members sorted by their UTF-16 code
/// units, no insignificant whitespace, minimal string escaping, ECMAScript number form.
///
/// Written by hand rather than through `JSONEncoder` because records are hashed and signed
/// byte for byte, and the encoder's sorted-keys mode costs a quarter of the per-record budget.
public enum CanonicalJSON {
    /// The canonical bytes of `value`.
    public static func encode(_ value: JSONValue) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(512)
        write(value, into: &output)
        return output
    }

    /// Appends the canonical bytes of `value` to `output`.
    public static func write(_ value: JSONValue, into output: inout [UInt8]) {
        switch value {
        case .null: output.append(contentsOf: [0x6E, 0x75, 0x6C, 0x6C])
        case .bool(true): output.append(contentsOf: [0x74, 0x72, 0x75, 0x65])
        case .bool(false): output.append(contentsOf: [0x66, 0x61, 0x6C, 0x73, 0x65])
        case .number(let number): writeNumber(number, into: &output)
        case .string(let string): writeString(string, into: &output)
        case .array(let elements):
            output.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                write(element, into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let members):
            output.append(UInt8(ascii: "{"))
            for (index, key) in sortedKeys(members.keys).enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                writeString(key, into: &output)
                output.append(UInt8(ascii: ":"))
                write(members[key]!, into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// Keys in JCS order: by UTF-16 code unit, which differs from `String.<` outside ASCII.
    public static func sortedKeys<Keys: Sequence<String>>(_ keys: Keys) -> [String] {
        var keys = Array(keys)
        // Record keys are ASCII, where UTF-8 byte order is UTF-16 order and much cheaper.
        if keys.allSatisfy({ $0.utf8.allSatisfy { $0 < 0x80 } }) {
            keys.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        } else {
            keys.sort { $0.utf16.lexicographicallyPrecedes($1.utf16) }
        }
        return keys
    }

    /// Appends `string` as a JSON string with only the escapes JCS requires.
    public static func writeString(_ string: String, into output: inout [UInt8]) {
        output.append(UInt8(ascii: "\""))
        var string = string
        string.withUTF8 { bytes in
            // Most strings need no escape at all: copy them in one go.
            if !bytes.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) {
                output.append(contentsOf: bytes)
                return
            }
            for byte in bytes { writeEscaped(byte, into: &output) }
        }
        output.append(UInt8(ascii: "\""))
    }

    private static func writeEscaped(_ byte: UInt8, into output: inout [UInt8]) {
        switch byte {
        case UInt8(ascii: "\""): output.append(contentsOf: [0x5C, 0x22])
        case UInt8(ascii: "\\"): output.append(contentsOf: [0x5C, 0x5C])
        case 0x08: output.append(contentsOf: [0x5C, UInt8(ascii: "b")])
        case 0x09: output.append(contentsOf: [0x5C, UInt8(ascii: "t")])
        case 0x0A: output.append(contentsOf: [0x5C, UInt8(ascii: "n")])
        case 0x0C: output.append(contentsOf: [0x5C, UInt8(ascii: "f")])
        case 0x0D: output.append(contentsOf: [0x5C, UInt8(ascii: "r")])
        case 0x00..<0x20:
            output.append(contentsOf: [0x5C, UInt8(ascii: "u"), 0x30, 0x30])
            output.append(hexDigit(byte >> 4))
            output.append(hexDigit(byte & 0x0F))
        default: output.append(byte)
        }
    }

    private static func hexDigit(_ nibble: UInt8) -> UInt8 {
        nibble < 10 ? 0x30 + nibble : 0x61 + nibble - 10
    }

    /// Appends `number` as ECMAScript's Number.prototype.toString would (JCS §3.2.2.3).
    public static func writeNumber(_ number: Double, into output: inout [UInt8]) {
        // Integers (seq, weights, counts) are most numbers in records: write their digits directly.
        if number.rounded(.towardZero) == number, abs(number) < 9_007_199_254_740_992 {
            writeInteger(Int64(number), into: &output)
        } else {
            output.append(contentsOf: formatNumber(number).utf8)
        }
    }

    private static func writeInteger(_ value: Int64, into output: inout [UInt8]) {
        if value < 0 { output.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8,
                     UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8, UInt8) =
            (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[19 - count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            output.append(contentsOf: buffer[(20 - count)...])
        }
    }

    /// ECMAScript's Number-to-String for a finite double; non-finite values are not JSON and
    /// are written as `null` so a record can never carry them.
    public static func formatNumber(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number == 0 { return "0" }
        // Below 2^53 every integer is exact and its shortest digits are all its digits.
        if number.rounded(.towardZero) == number, abs(number) < 9_007_199_254_740_992 {
            return String(Int64(number))
        }
        // Swift's description is the shortest representation that round-trips, the same digits
        // ECMAScript chooses; only the layout (exponent thresholds, "e+") differs.
        let (digits, exponent) = shortestDigits(abs(number))
        var result = number < 0 ? "-" : ""
        let k = digits.count
        let n = exponent  // value = 0.digits × 10^n
        if k <= n && n <= 21 {
            result += digits + String(repeating: "0", count: n - k)
        } else if 0 < n && n <= 21 {
            let index = digits.index(digits.startIndex, offsetBy: n)
            result += digits[..<index] + "." + digits[index...]
        } else if -6 < n && n <= 0 {
            result += "0." + String(repeating: "0", count: -n) + digits
        } else {
            let e = n - 1
            let sign = e < 0 ? "-" : "+"
            let mantissa = k == 1 ? digits : String(digits.first!) + "." + digits.dropFirst()
            result += mantissa + "e" + sign + String(abs(e))
        }
        return result
    }

    /// The shortest round-trip decimal digits of a positive double and the exponent `n` such
    /// that the value is 0.d1d2…dk × 10^n.
    private static func shortestDigits(_ value: Double) -> (String, Int) {
        let text = "\(value)"  // e.g. "1.5", "1e-07", "1.2345e+22", "123.0"
        var mantissa = Substring(text)
        var exponent = 0
        if let e = text.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            mantissa = text[..<e]
            exponent = Int(text[text.index(after: e)...])!
        }
        var integerPart = mantissa
        var fraction: Substring = ""
        if let dot = mantissa.firstIndex(of: ".") {
            integerPart = mantissa[..<dot]
            fraction = mantissa[mantissa.index(after: dot)...]
        }
        var digits = String(integerPart) + String(fraction)
        var pointPosition = integerPart.count + exponent
        while digits.hasPrefix("0") && digits.count > 1 {
            digits.removeFirst()
            pointPosition -= 1
        }
        while digits.hasSuffix("0") && digits.count > 1 { digits.removeLast() }
        return (digits, pointPosition)
    }
}
