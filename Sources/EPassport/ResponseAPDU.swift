/// A chip's answer: data, then the status word SW1 SW2.
public struct ResponseAPDU: Sendable, Hashable {
    public var data: [UInt8]
    public var sw1: UInt8
    public var sw2: UInt8

    public init(data: [UInt8] = [], sw1: UInt8, sw2: UInt8) {
        self.data = data
        self.sw1 = sw1
        self.sw2 = sw2
    }

    public init(data: [UInt8] = [], status: UInt16) {
        self.init(data: data, sw1: UInt8(status >> 8), sw2: UInt8(status & 0xFF))
    }

    /// The answer `bytes` hold, or nil when they are fewer than the two status bytes.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 2 else { return nil }
        self.init(data: Array(bytes.dropLast(2)), sw1: bytes[bytes.count - 2], sw2: bytes[bytes.count - 1])
    }

    /// SW1 SW2 as one number, `0x9000` for success.
    public var status: UInt16 { UInt16(sw1) << 8 | UInt16(sw2) }

    /// The answer's bytes: data, SW1, SW2.
    public var bytes: [UInt8] { data + [sw1, sw2] }

    /// True for 9000, and for 6282 (the end of the file came before Ne bytes).
    public var isSuccess: Bool { status == 0x9000 || status == 0x6282 }

    /// The status word in hex with what ISO/IEC 7816-4 says it means, for messages.
    public var statusDescription: String {
        let code = String(format4: status)
        switch status {
        case 0x9000: return "\(code) (success)"
        case 0x6282: return "\(code) (end of file before the length asked)"
        case 0x6300: return "\(code) (authentication failed)"
        case 0x6700: return "\(code) (wrong length)"
        case 0x6882: return "\(code) (secure messaging not supported)"
        case 0x6982: return "\(code) (security status not satisfied)"
        case 0x6983: return "\(code) (authentication method blocked)"
        case 0x6985: return "\(code) (conditions of use not satisfied)"
        case 0x6987: return "\(code) (secure messaging data objects missing)"
        case 0x6988: return "\(code) (secure messaging data objects incorrect)"
        case 0x6A80: return "\(code) (incorrect data)"
        case 0x6A82: return "\(code) (file or application not found)"
        case 0x6A86: return "\(code) (incorrect P1 P2)"
        case 0x6B00: return "\(code) (offset outside the file)"
        case 0x6D00: return "\(code) (instruction not supported)"
        case 0x6E00: return "\(code) (class not supported)"
        default: return code
        }
    }
}

extension String {
    /// Four uppercase hex digits, as status words are written.
    init(format4 value: UInt16) {
        let digits = String(value, radix: 16, uppercase: true)
        self = String(repeating: "0", count: Swift.max(0, 4 - digits.count)) + digits
    }
}
