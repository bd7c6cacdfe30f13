/// What a keyboard-mode reader produces when it types a code: for each character a key press
/// and release (inside shift or control when the character needs it), each followed by a
/// `SYN_REPORT`, then Enter. For simulated readers and tests.
public enum KeystrokeEncoder {
    /// The input events typing `code` and Enter, or nil when a character has no key on a US
    /// keyboard. `seconds` stamps every event (the decoder does not read it).
    public static func events(typing code: String, seconds: Int64 = 0) -> [InputEvent]? {
        var events: [InputEvent] = []
        func key(_ code: UInt16, _ value: Int32) {
            events.append(InputEvent(seconds: seconds, type: InputEvent.key, code: code, value: value))
            events.append(InputEvent(seconds: seconds, type: InputEvent.synchronization, code: InputEvent.report, value: 0))
        }
        for character in code {
            guard let stroke = strokes[character] else { return nil }
            if let modifier = stroke.modifier { key(modifier, 1) }
            key(stroke.key, 1)
            key(stroke.key, 0)
            if let modifier = stroke.modifier { key(modifier, 0) }
        }
        key(USKeyboardLayout.enter, 1)
        key(USKeyboardLayout.enter, 0)
        return events
    }

    /// The bytes of `events(typing:)`, `eventSize` bytes a record.
    public static func bytes(typing code: String, eventSize: Int = InputEvent.nativeSize) -> [UInt8]? {
        events(typing: code)?.flatMap { $0.bytes(size: eventSize) }
    }

    /// The key (and the modifier held with it, if any) typing each character.
    private static let strokes: [Character: (key: UInt16, modifier: UInt16?)] = {
        var table: [Character: (key: UInt16, modifier: UInt16?)] = [:]
        for (key, (plain, shifted)) in USKeyboardLayout.characters.sorted(by: { $0.key > $1.key }) {
            table[shifted] = (key, shifted == plain ? nil : USKeyboardLayout.leftShift)
            table[plain] = (key, nil)
        }
        for ascii in UInt8(0x01)...UInt8(0x1D) where table[Character(UnicodeScalar(ascii))] == nil {
            let base = Character(UnicodeScalar(ascii + 0x40)).lowercased().first!
            if let key = table[base]?.key { table[Character(UnicodeScalar(ascii))] = (key, USKeyboardLayout.leftControl) }
        }
        return table
    }()
}
