/// What the keys of a US keyboard type, by Linux key code (`linux/input-event-codes.h`), the
/// layout keyboard-mode readers emulate by default. A reader set to another country's layout
/// would type other characters with the same keys: set it to US.
enum USKeyboardLayout {
    static let enter: UInt16 = 28
    static let keypadEnter: UInt16 = 96
    static let leftShift: UInt16 = 42
    static let rightShift: UInt16 = 54
    static let leftControl: UInt16 = 29
    static let rightControl: UInt16 = 97
    static let leftAlt: UInt16 = 56
    static let rightAlt: UInt16 = 100
    static let capsLock: UInt16 = 58
    /// Keys that type nothing by themselves and are ignored: meta (125, 126), num lock (69),
    /// scroll lock (70). Shift, control and alt are tracked.
    static let ignored: Set<UInt16> = [125, 126, 69, 70]

    /// (unshifted, shifted) characters by key code.
    static let characters: [UInt16: (Character, Character)] = {
        var table: [UInt16: (Character, Character)] = [:]
        func row(_ first: UInt16, _ plain: String, _ shifted: String) {
            for (offset, pair) in zip(plain, shifted).enumerated() { table[first + UInt16(offset)] = pair }
        }
        row(2, "1234567890-=", "!@#$%^&*()_+")
        row(16, "qwertyuiop[]", "QWERTYUIOP{}")
        row(30, "asdfghjkl;'`", "ASDFGHJKL:\"~")
        row(43, "\\zxcvbnm,./", "|ZXCVBNM<>?")
        table[15] = ("\t", "\t")
        table[57] = (" ", " ")
        // The keypad types the same with or without shift (readers send digits with num lock on).
        row(71, "789-456+1230.", "789-456+1230.")
        table[55] = ("*", "*")
        table[98] = ("/", "/")
        return table
    }()

    /// The digit a keypad key stands for (KP0–KP9), or nil for any other key.
    static func keypadDigit(_ code: UInt16) -> UInt8? {
        let digits: [UInt16: UInt8] = [82: 0, 79: 1, 80: 2, 81: 3, 75: 4, 76: 5, 77: 6, 71: 7, 72: 8, 73: 9]
        return digits[code]
    }

    /// The character key `code` types, or nil when it types none.
    static func character(_ code: UInt16, shift: Bool, capsLock: Bool, control: Bool) -> Character? {
        guard let (plain, shifted) = characters[code] else { return nil }
        let isLetter = plain.isLetter
        var typed = shift != (capsLock && isLetter) ? shifted : plain
        // Control with a letter or [ \ ] types the ASCII control character: readers send GS1's
        // group separator (0x1D) as Ctrl+].
        if control {
            guard let ascii = typed.uppercased().unicodeScalars.first?.value, (0x40...0x5F).contains(ascii) else { return nil }
            typed = Character(UnicodeScalar(UInt8(ascii - 0x40)))
        }
        return typed
    }
}
