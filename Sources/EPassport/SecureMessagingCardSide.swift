extension SecureMessaging {
    /// The card's half, for `SimulatedPassport`: the plain command inside a protected one,
    /// after its MAC verified. The counter goes up first, as the terminal's did.
    public mutating func unprotectCommand(_ command: CommandAPDU) throws(ChipError) -> CommandAPDU {
        incrementCounter()
        let objects: [TLV]
        do { objects = try TLV.parseAll(command.data) } catch { throw ChipError(.garbled, "a protected command is not TLV (\(error))") }
        var covered: [UInt8] = []
        var cryptogram: TLV?
        var expected: Int?
        var mac: [UInt8]?
        for object in objects {
            switch object.tag {
            case 0x85, 0x87 where cryptogram == nil && mac == nil:
                cryptogram = object
                covered += object.encoded
            case 0x97 where expected == nil && mac == nil && (1...2).contains(object.value.count):
                let value = object.value.reduce(0) { $0 << 8 | Int($1) }
                expected = value == 0 ? (object.value.count == 1 ? 256 : 65536) : value
                covered += object.encoded
            case 0x8E where mac == nil:
                mac = object.value
            default:
                throw ChipError(.garbled, "a protected command holds an unexpected or repeated object \(TLV.hex(object.tag))")
            }
        }
        let header = Padding.pad([command.cla, command.ins, command.p1, command.p2], blockSize: cipher.blockSize)
        guard let mac, try self.mac(header + covered) == mac else { throw ChipError(.garbled, "a protected command's MAC does not verify") }
        var data: [UInt8] = []
        if let cryptogram {
            var encrypted = cryptogram.value
            if cryptogram.tag == 0x87 {
                guard encrypted.first == 0x01 else { throw ChipError(.garbled, "DO'87' without the padding indicator") }
                encrypted.removeFirst()
            }
            guard let plain = Padding.unpad(try cipher.decrypt(key: encryptionKey, data: encrypted, iv: try iv())) else {
                throw ChipError(.garbled, "a protected command's data is not padded")
            }
            data = plain
        }
        return CommandAPDU(cla: command.cla & ~0x0C, ins: command.ins, p1: command.p1, p2: command.p2, data: data, expectedLength: expected)
    }

    /// The card's answer protected: data in DO'87' (DO'85' for an odd instruction), the status in DO'99', the MAC in DO'8E'.
    public mutating func protectResponse(_ response: ResponseAPDU, instruction: UInt8) throws(ChipError) -> ResponseAPDU {
        incrementCounter()
        var objects: [UInt8] = []
        if !response.data.isEmpty {
            let encrypted = try cipher.encrypt(key: encryptionKey, data: Padding.pad(response.data, blockSize: cipher.blockSize), iv: try iv())
            objects += instruction & 1 == 1 ? TLV.encode(tag: 0x85, value: encrypted) : TLV.encode(tag: 0x87, value: [0x01] + encrypted)
        }
        objects += TLV.encode(tag: 0x99, value: [response.sw1, response.sw2])
        objects += TLV.encode(tag: 0x8E, value: try mac(objects))
        return ResponseAPDU(data: objects, sw1: response.sw1, sw2: response.sw2)
    }
}
