/// An ISO/IEC 7816-4 command: header, data and the response length expected.
public struct CommandAPDU: Sendable, Hashable {
    public var cla: UInt8
    public var ins: UInt8
    public var p1: UInt8
    public var p2: UInt8
    public var data: [UInt8]
    /// Ne, the most response bytes wanted (1…65536); nil when no response data is wanted.
    public var expectedLength: Int?

    public init(cla: UInt8 = 0x00, ins: UInt8, p1: UInt8, p2: UInt8, data: [UInt8] = [], expectedLength: Int? = nil) {
        self.cla = cla
        self.ins = ins
        self.p1 = p1
        self.p2 = p2
        self.data = data
        self.expectedLength = expectedLength
    }

    /// The command's bytes: short form (Lc and Le one byte each, Le 256 as 0x00) unless the data
    /// or Ne need the extended form.
    public var bytes: [UInt8] {
        var bytes = [cla, ins, p1, p2]
        let extended = data.count > 255 || (expectedLength ?? 0) > 256
        if !data.isEmpty {
            if extended {
                bytes += [0x00, UInt8(data.count >> 8 & 0xFF), UInt8(data.count & 0xFF)]
            } else {
                bytes.append(UInt8(data.count))
            }
            bytes += data
        }
        if let expected = expectedLength {
            if extended {
                let value = expected >= 65536 ? 0 : expected
                if data.isEmpty { bytes.append(0x00) }
                bytes += [UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
            } else {
                bytes.append(expected >= 256 ? 0x00 : UInt8(expected))
            }
        }
        return bytes
    }

    /// The command `bytes` encode (short or extended form), or nil when they are not one.
    public init?(bytes: [UInt8]) {
        guard bytes.count >= 4 else { return nil }
        self.init(cla: bytes[0], ins: bytes[1], p1: bytes[2], p2: bytes[3])
        let body = Array(bytes[4...])
        if body.isEmpty { return }
        if body.count == 1 {
            expectedLength = body[0] == 0 ? 256 : Int(body[0])
            return
        }
        if body[0] != 0 {
            // Short: Lc, data, optional Le.
            let count = Int(body[0])
            guard body.count == 1 + count || body.count == 2 + count else { return nil }
            data = Array(body[1..<1 + count])
            if body.count == 2 + count { expectedLength = body[1 + count] == 0 ? 256 : Int(body[1 + count]) }
            return
        }
        // Extended: 00, then either Le (2 bytes) or Lc (2 bytes), data and an optional Le.
        guard body.count >= 3 else { return nil }
        let first = Int(body[1]) << 8 | Int(body[2])
        if body.count == 3 {
            expectedLength = first == 0 ? 65536 : first
            return
        }
        guard first > 0, body.count == 3 + first || body.count == 5 + first else { return nil }
        data = Array(body[3..<3 + first])
        if body.count == 5 + first {
            let expected = Int(body[3 + first]) << 8 | Int(body[4 + first])
            expectedLength = expected == 0 ? 65536 : expected
        }
    }
}

extension CommandAPDU {
    /// SELECT the eMRTD application, ICAO 9303 part 10: AID A0 00 00 02 47 10 01, no answer data.
    public static let selectPassportApplication = CommandAPDU(ins: 0xA4, p1: 0x04, p2: 0x0C, data: [0xA0, 0x00, 0x00, 0x02, 0x47, 0x10, 0x01])

    /// SELECT an elementary file under the current DF by its file identifier, no answer data.
    public static func selectFile(_ identifier: UInt16) -> CommandAPDU {
        CommandAPDU(ins: 0xA4, p1: 0x02, p2: 0x0C, data: [UInt8(identifier >> 8), UInt8(identifier & 0xFF)])
    }

    /// READ BINARY of `count` bytes at `offset` (at most 32767) of the selected file.
    public static func readBinary(offset: Int, count: Int) -> CommandAPDU {
        CommandAPDU(ins: 0xB0, p1: UInt8(offset >> 8 & 0x7F), p2: UInt8(offset & 0xFF), expectedLength: count)
    }

    /// READ BINARY with the odd instruction (B1): the offset in a data object, for files past 32 KiB.
    public static func readBinaryLarge(offset: Int, count: Int) -> CommandAPDU {
        var digits: [UInt8] = []
        var rest = offset
        repeat {
            digits.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        return CommandAPDU(ins: 0xB1, p1: 0x00, p2: 0x00, data: TLV.encode(tag: 0x54, value: digits), expectedLength: count)
    }

    /// GET CHALLENGE for `count` random bytes from the chip.
    public static func getChallenge(_ count: Int = 8) -> CommandAPDU { CommandAPDU(ins: 0x84, p1: 0x00, p2: 0x00, expectedLength: count) }
}
