/// Device, site and lane names: 1–64 characters of `A-Z a-z 0-9 . _ -`, safe in paths, URLs and
/// idempotency keys.
public enum Identifier {
    /// The characters an identifier may use, for error messages.
    public static let allowedDescription = "1-64 characters of A-Z a-z 0-9 . _ -"

    /// True when `text` is a valid identifier.
    public static func isValid(_ text: String) -> Bool {
        let utf8 = text.utf8
        guard (1...64).contains(utf8.count) else { return false }
        return utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "-"):
                true
            default: false
            }
        }
    }
}
