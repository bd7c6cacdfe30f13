import DeviceKit

/// USB HID keyboard-mode readers, read as Linux input events: key presses typed into text on a
/// US layout (shift, caps lock and control tracked), one code per Enter. Fed `input_event`
/// records in any chunking. Alt codes (Alt held while keypad digits type a character's decimal
/// code, released to type it) are read as real readers send them (a Datalogic GFS4400 types
/// every character so: `Fixtures/third-party/`). A key that types nothing known, an Alt code
/// outside ASCII and Latin-1, a code longer than `maximumLength` characters, or events the
/// kernel dropped (`SYN_DROPPED`) make the code being typed a frame error at once; the rest of it
/// is skipped up to the next Enter.
///
/// A frame's `raw` bytes are the code's text as UTF-8, not the event records (a code is a few
/// dozen events); an error's bytes are the record that caused it.
public struct EvdevKeyDecoder: FrameDecoder {
    public let eventSize: Int
    public let maximumLength: Int
    private var buffer = FrameBuffer()
    private var text = ""
    private var count = 0
    private var shiftKeys: Set<UInt16> = []
    private var controlKeys: Set<UInt16> = []
    private var altKeys: Set<UInt16> = []
    private var capsLock = false
    /// The keypad digits typed while Alt is held, as the decimal code they spell.
    private var altCode: [UInt8] = []
    /// After an error, until the next Enter: the rest of a refused code is not a code.
    private var skippingToEnter = false
    /// After `SYN_DROPPED`, until the next `SYN_REPORT`: events of a lost group.
    private var droppingGroup = false

    /// `eventSize` is the record size of the machine that produced the events (24 on 64-bit
    /// Linux, 16 on 32-bit).
    public init(eventSize: Int = InputEvent.nativeSize, maximumLength: Int = SerialCodeDecoder.defaultMaximumLength) {
        self.eventSize = eventSize
        self.maximumLength = maximumLength
    }

    public mutating func append(_ bytes: some Sequence<UInt8>) { buffer.append(contentsOf: bytes) }

    public mutating func next() -> DecodeStep<String>? {
        while buffer.count >= eventSize {
            let record = buffer.take(eventSize)
            if let step = handle(InputEvent(record), record: record) { return step }
        }
        return nil
    }

    private mutating func handle(_ event: InputEvent, record: [UInt8]) -> DecodeStep<String>? {
        if event.type == InputEvent.synchronization {
            if event.code == InputEvent.dropped {
                droppingGroup = true
                // Releases may be among the lost events: start again with no key held.
                shiftKeys = []
                controlKeys = []
                altKeys = []
                altCode = []
                return refuse("the kernel dropped input events (SYN_DROPPED): the code being typed is incomplete", record: record)
            }
            if event.code == InputEvent.report { droppingGroup = false }
            return nil
        }
        guard event.type == InputEvent.key, !droppingGroup else { return nil }
        let code = event.code
        let down = event.value != 0
        switch code {
        case USKeyboardLayout.leftShift, USKeyboardLayout.rightShift:
            shiftKeys.toggle(code, on: down)
            return nil
        case USKeyboardLayout.leftControl, USKeyboardLayout.rightControl:
            controlKeys.toggle(code, on: down)
            return nil
        case USKeyboardLayout.leftAlt, USKeyboardLayout.rightAlt:
            altKeys.toggle(code, on: down)
            // Releasing Alt types the character the keypad digits spelled.
            guard !down, altKeys.isEmpty, !altCode.isEmpty else { return nil }
            defer { altCode = [] }
            if skippingToEnter { return nil }
            guard let character = Self.altCharacter(altCode) else {
                return refuse("Alt code \(String(decoding: altCode.map { $0 + 0x30 }, as: UTF8.self)) is not an ASCII or Latin-1 character",
                              record: record)
            }
            return type(character, record: record)
        default:
            break
        }
        guard down else { return nil }
        if code == USKeyboardLayout.capsLock {
            if event.value == 1 { capsLock.toggle() }
            return nil
        }
        if code == USKeyboardLayout.enter || code == USKeyboardLayout.keypadEnter { return finishCode() }
        if skippingToEnter || USKeyboardLayout.ignored.contains(code) { return nil }
        guard altKeys.isEmpty else {
            if let digit = USKeyboardLayout.keypadDigit(code) {
                // More digits than any code has: the rest of the code is not read.
                guard altCode.count < 4 else { return refuse("Alt code longer than four digits", record: record) }
                altCode.append(digit)
                return nil
            }
            return refuse("key \(code) with Alt held: only keypad digits make an Alt code", record: record)
        }
        guard let character = USKeyboardLayout.character(code, shift: !shiftKeys.isEmpty, capsLock: capsLock,
                                                         control: !controlKeys.isEmpty) else {
            return refuse("key \(code)\(controlKeys.isEmpty ? "" : " with Control held") types no character on a US keyboard",
                          record: record)
        }
        return type(character, record: record)
    }

    /// Adds `character` to the code being typed, unless that makes it too long.
    private mutating func type(_ character: Character, record: [UInt8]) -> DecodeStep<String>? {
        guard count < maximumLength else {
            return refuse("code longer than \(maximumLength) characters; skipped up to the next Enter", record: record)
        }
        text.append(character)
        count += 1
        return nil
    }

    /// The character an Alt code types: 1–127 is ASCII (control characters included: GS1's
    /// group separator comes as Alt+029); with a leading zero, 160–255 is Latin-1 (the same in
    /// Windows-1252). Others (0, the OEM code page's 128–255, Windows-1252's 128–159) are not read.
    static func altCharacter(_ digits: [UInt8]) -> Character? {
        let value = digits.reduce(0) { $0 * 10 + Int($1) }
        switch value {
        case 1...127: return Character(UnicodeScalar(UInt8(value)))
        case 160...255 where digits.first == 0: return Character(UnicodeScalar(UInt8(value)))
        default: return nil
        }
    }

    private mutating func finishCode() -> DecodeStep<String>? {
        defer {
            text = ""
            count = 0
            skippingToEnter = false
        }
        guard !skippingToEnter, !text.isEmpty else { return nil }
        return .frame(text, raw: Array(text.utf8))
    }

    /// Refuses the code being typed (its characters so far are in the reason's count only).
    private mutating func refuse(_ reason: String, record: [UInt8]) -> DecodeStep<String> {
        let typed = count == 0 ? "" : " (after \(count) character\(count == 1 ? "" : "s"))"
        text = ""
        count = 0
        skippingToEnter = true
        return .error(FrameError("\(reason)\(typed)", bytes: record))
    }
}

extension Set {
    /// Inserts `member` when `on`, removes it otherwise.
    fileprivate mutating func toggle(_ member: Element, on: Bool) {
        if on { insert(member) } else { remove(member) }
    }
}
