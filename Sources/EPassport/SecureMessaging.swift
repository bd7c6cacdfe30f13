/// Secure messaging as ICAO 9303 part 11, §9.8 has it after BAC or PACE: each command's data
/// encrypted in DO'87' (DO'85' for odd instructions), its Le in DO'97', and a MAC in DO'8E' over
/// the send sequence counter, the header and those objects; each answer checked the same way
/// (DO'87', DO'99' status, DO'8E') before its data is decrypted. The counter goes up by one for
/// every command and every answer.
public struct SecureMessaging: Sendable {
    public let cipher: BlockCipher
    let encryptionKey: [UInt8]
    let macKey: [UInt8]
    /// The send sequence counter: 8 bytes with 3DES, 16 with AES.
    public private(set) var sendSequenceCounter: [UInt8]

    public init(cipher: BlockCipher, encryptionKey: [UInt8], macKey: [UInt8], sendSequenceCounter: [UInt8]) {
        self.cipher = cipher
        self.encryptionKey = encryptionKey
        self.macKey = macKey
        self.sendSequenceCounter = sendSequenceCounter
    }

    /// `command` protected: CLA with bits 0x0C set, data encrypted, Le and MAC in data objects.
    public mutating func protect(_ command: CommandAPDU) throws(ChipError) -> CommandAPDU {
        incrementCounter()
        let cla = command.cla | 0x0C
        var objects: [UInt8] = []
        if !command.data.isEmpty {
            let encrypted = try cipher.encrypt(key: encryptionKey, data: Padding.pad(command.data, blockSize: cipher.blockSize), iv: try iv())
            objects += command.ins & 1 == 1 ? TLV.encode(tag: 0x85, value: encrypted) : TLV.encode(tag: 0x87, value: [0x01] + encrypted)
        }
        if let expected = command.expectedLength {
            objects += TLV.encode(tag: 0x97, value: expected >= 256 ? (expected > 256 ? [UInt8(expected >> 8 & 0xFF), UInt8(expected & 0xFF)] : [0x00]) : [UInt8(expected)])
        }
        let header = Padding.pad([cla, command.ins, command.p1, command.p2], blockSize: cipher.blockSize)
        let mac = try self.mac(header + objects)
        objects += TLV.encode(tag: 0x8E, value: mac)
        return CommandAPDU(cla: cla, ins: command.ins, p1: command.p1, p2: command.p2, data: objects, expectedLength: 256)
    }

    /// The plain answer inside a protected one, after its MAC verified. A bare error status (no
    /// data objects) is passed through: chips answer errors that way, and it ends the session.
    public mutating func unprotect(_ response: ResponseAPDU) throws(ChipError) -> ResponseAPDU {
        incrementCounter()
        if response.data.isEmpty && !response.isSuccess { return response }
        let objects: [TLV]
        do { objects = try TLV.parseAll(response.data) } catch { throw ChipError(.garbled, "a secure messaging answer is not TLV (\(error))") }
        var covered: [UInt8] = []
        var cryptogram: TLV?
        var status: [UInt8]?
        var mac: [UInt8]?
        for object in objects {
            switch object.tag {
            case 0x85, 0x87:
                guard cryptogram == nil, mac == nil else { throw ChipError(.garbled, "a secure messaging answer repeats or misplaces its data object") }
                cryptogram = object
                covered += object.encoded
            case 0x99:
                guard status == nil, mac == nil, object.value.count == 2 else { throw ChipError(.garbled, "a secure messaging answer has a bad status object DO'99'") }
                status = object.value
                covered += object.encoded
            case 0x8E:
                guard mac == nil else { throw ChipError(.garbled, "a secure messaging answer has two MACs") }
                mac = object.value
            default:
                throw ChipError(.garbled, "a secure messaging answer holds an unexpected object with tag \(TLV.hex(object.tag))")
            }
        }
        guard let mac else { throw ChipError(.garbled, "a secure messaging answer has no MAC (DO'8E')") }
        guard let status else { throw ChipError(.garbled, "a secure messaging answer has no status (DO'99')") }
        guard try self.mac(covered) == mac else { throw ChipError(.garbled, "a secure messaging answer's MAC does not verify: the answer was altered or the session is not ours") }
        var data: [UInt8] = []
        if let cryptogram {
            var encrypted = cryptogram.value
            if cryptogram.tag == 0x87 {
                guard encrypted.first == 0x01 else { throw ChipError(.garbled, "DO'87' does not start with the padding indicator 01") }
                encrypted.removeFirst()
            }
            guard let plain = Padding.unpad(try cipher.decrypt(key: encryptionKey, data: encrypted, iv: try iv())) else {
                throw ChipError(.garbled, "a secure messaging answer's data is not padded")
            }
            data = plain
        }
        return ResponseAPDU(data: data, sw1: status[0], sw2: status[1])
    }

    /// The 8-byte MAC over the counter and `message` (padded): retail MAC with 3DES, CMAC with AES.
    func mac(_ message: [UInt8]) throws(ChipError) -> [UInt8] {
        let input = sendSequenceCounter + message
        switch cipher {
        case .tripleDES: return try RetailMAC.compute(key: macKey, message: input)
        case .aes: return Array(try AESCMAC.compute(key: macKey, message: Padding.pad(input, blockSize: 16)).prefix(8))
        }
    }

    /// The CBC IV: zeros with 3DES; E(KSenc, SSC) with AES.
    func iv() throws(ChipError) -> [UInt8]? {
        cipher == .aes ? try cipher.encryptBlocks(key: encryptionKey, data: sendSequenceCounter) : nil
    }

    mutating func incrementCounter() {
        var index = sendSequenceCounter.count - 1
        while index >= 0 {
            sendSequenceCounter[index] &+= 1
            if sendSequenceCounter[index] != 0 { break }
            index -= 1
        }
    }
}
