import DocumentSecurity

/// A passport chip in software, the card side of a `CardChannel`: the file system of a
/// `PassportImage` behind the eMRTD application, BAC (GET CHALLENGE, EXTERNAL AUTHENTICATE)
/// and PACE (MSE:Set AT, GENERAL AUTHENTICATE) with secure messaging after them, READ BINARY
/// (B0 and B1), INTERNAL AUTHENTICATE for Active Authentication and Chip Authentication (MSE:Set
/// KAT, or MSE:Set AT and GENERAL AUTHENTICATE, then its new session). Like a real chip it answers
/// 6982 to reads before access control and drops secure messaging on an unprotected command.
public actor SimulatedPassport: CardChannel {
    /// Thrown to the reader when a fault takes the card out of the field.
    public struct CardRemoved: Error, CustomStringConvertible {
        public var description: String { "the simulated card left the field" }
    }

    private let image: PassportImage
    private let random: RandomBytes
    private let faults: [SimulatedPassportFault]

    private var applicationSelected = false
    private var selectedFile: UInt16?
    private var session: SecureMessaging?
    private var challenge: [UInt8]?
    private var pace: SimulatedPACE?
    /// Chip Authentication's offer after MSE:Set AT, until its GENERAL AUTHENTICATE.
    private var chipAuthenticationSet = false
    /// The session Chip Authentication agreed, taking over once its answer has gone out under the old one.
    private var nextSession: SecureMessaging?
    private var gone = false
    private var commands = 0
    private var sentPerFile: [UInt16: Int] = [:]

    /// Every plain command the chip received, in order (after secure messaging was removed).
    public private(set) var received: [CommandAPDU] = []

    public init(image: PassportImage, random: RandomBytes = .system, faults: [SimulatedPassportFault] = []) {
        self.image = image
        self.random = random
        self.faults = faults
    }

    /// How many times the chip was asked to authenticate the terminal (BAC's EXTERNAL
    /// AUTHENTICATE and PACE's last GENERAL AUTHENTICATE).
    public var authenticationAttempts: Int {
        received.filter { $0.ins == 0x82 || ($0.ins == 0x86 && $0.cla & 0x10 == 0) }.count
    }

    public func transmit(_ bytes: [UInt8]) async throws -> [UInt8] {
        if gone { throw CardRemoved() }
        commands += 1
        let answer = try respond(to: bytes)
        if faults.contains(where: { if case .garbage(let from) = $0 { return commands >= from } else { return false } }) {
            return random(max(2, answer.bytes.count))
        }
        return answer.bytes
    }

    private func respond(to bytes: [UInt8]) throws -> ResponseAPDU {
        guard let command = CommandAPDU(bytes: bytes) else { return ResponseAPDU(status: 0x6700) }
        guard command.cla & 0x0C == 0x0C else {
            if session != nil {
                // An unprotected command ends secure messaging (ICAO 9303 part 11, §9.8.4).
                session = nil
                applicationSelected = false
                return ResponseAPDU(status: 0x6987)
            }
            return try handle(command)
        }
        guard var current = session else { return ResponseAPDU(status: 0x6882) }
        let plain: CommandAPDU
        do { plain = try current.unprotectCommand(command) } catch {
            session = nil
            return ResponseAPDU(status: 0x6988)
        }
        session = current
        let answer = try handle(plain)
        guard var after = session else { return answer }
        let protected = try after.protectResponse(answer, instruction: plain.ins)
        session = nextSession ?? after
        nextSession = nil
        return protected
    }

    private func handle(_ command: CommandAPDU) throws -> ResponseAPDU {
        received.append(command)
        switch command.ins {
        case 0xA4: return select(command)
        case 0xB0, 0xB1: return try readBinary(command)
        case 0x84: return getChallenge(command)
        case 0x82: return try externalAuthenticate(command)
        case 0x22 where command.p1 == 0x41: return chipAuthenticationTemplate(command)
        case 0x22: return setAuthenticationTemplate(command)
        case 0x86 where chipAuthenticationSet: return chipAuthenticationGeneralAuthenticate(command)
        case 0x86: return try generalAuthenticate(command)
        case 0x88: return internalAuthenticate(command)
        default: return ResponseAPDU(status: 0x6D00)
        }
    }

    // MARK: Files

    private func select(_ command: CommandAPDU) -> ResponseAPDU {
        switch command.p1 {
        case 0x04:
            guard command.data == CommandAPDU.selectPassportApplication.data else { return ResponseAPDU(status: 0x6A82) }
            applicationSelected = true
            selectedFile = nil
            return ResponseAPDU(status: 0x9000)
        case 0x00, 0x02:
            guard command.data.count == 2 else { return ResponseAPDU(status: 0x6A80) }
            let identifier = UInt16(command.data[0]) << 8 | UInt16(command.data[1])
            guard contents(of: identifier) != nil else { return ResponseAPDU(status: 0x6A82) }
            if applicationSelected && session == nil { return ResponseAPDU(status: 0x6982) }
            selectedFile = identifier
            return ResponseAPDU(status: 0x9000)
        default:
            return ResponseAPDU(status: 0x6A86)
        }
    }

    private func contents(of identifier: UInt16) -> [UInt8]? {
        var bytes = applicationSelected ? image.files[identifier] : (identifier == ChipFile.cardAccess.identifier ? image.cardAccess : nil)
        for case .announcedLength(identifier, let length) in faults {
            guard var file = bytes, let header = try? TLV.header(file) else { continue }
            file.replaceSubrange(0..<header.headerLength, with: TLV.tagBytes(header.tag) + TLV.encodeLength(length))
            bytes = file
        }
        return bytes
    }

    private func readBinary(_ command: CommandAPDU) throws -> ResponseAPDU {
        guard let identifier = selectedFile, let file = contents(of: identifier) else { return ResponseAPDU(status: 0x6986) }
        if applicationSelected && session == nil { return ResponseAPDU(status: 0x6982) }
        var offset = Int(command.p1 & 0x7F) << 8 | Int(command.p2)
        if command.ins == 0xB1 {
            guard let object = try? TLV.parseFirst(command.data), object.tag == 0x54, object.value.count <= 3 else { return ResponseAPDU(status: 0x6A80) }
            offset = object.value.reduce(0) { $0 << 8 | Int($1) }
        }
        guard offset <= file.count else { return ResponseAPDU(status: 0x6B00) }
        // B1 answers inside DO'53', whose tag and length take up to four of the bytes asked.
        let room = (command.expectedLength ?? 256) - (command.ins == 0xB1 ? 4 : 0)
        var count = max(0, min(room, file.count - offset))
        for case .shortReads(let maximum) in faults { count = min(count, maximum) }
        let already = sentPerFile[identifier, default: 0]
        for case .leaveWhileReading(identifier, let after) in faults where already + count > after {
            gone = true
            throw CardRemoved()
        }
        sentPerFile[identifier] = already + count
        let data = Array(file[offset..<offset + count])
        let status: UInt16 = offset + count == file.count && count < room ? 0x6282 : 0x9000
        return ResponseAPDU(data: command.ins == 0xB1 ? TLV.encode(tag: 0x53, value: data) : data, status: status)
    }

    // MARK: BAC

    private func getChallenge(_ command: CommandAPDU) -> ResponseAPDU {
        guard command.expectedLength == 8 else { return ResponseAPDU(status: 0x6700) }
        let nonce = random(8)
        challenge = nonce
        return ResponseAPDU(data: nonce, status: 0x9000)
    }

    private func externalAuthenticate(_ command: CommandAPDU) throws -> ResponseAPDU {
        defer { challenge = nil }
        guard let challenge, let keys = BasicAccessControl.keys(for: image.mrzKey), command.data.count == 40 else { return ResponseAPDU(status: 0x6985) }
        let encrypted = Array(command.data[0..<32])
        guard try RetailMAC.compute(key: keys.mac, message: encrypted) == Array(command.data[32..<40]) else { return ResponseAPDU(status: 0x6300) }
        let plain = try BlockCipher.tripleDES.decrypt(key: keys.encryption, data: encrypted)
        guard Array(plain[8..<16]) == challenge else { return ResponseAPDU(status: 0x6300) }
        let terminalNonce = Array(plain[0..<8]), terminalKey = Array(plain[16..<32])
        let chipKey = random(16)
        let answer = try BlockCipher.tripleDES.encrypt(key: keys.encryption, data: challenge + terminalNonce + chipKey)
        let data = answer + (try RetailMAC.compute(key: keys.mac, message: answer))
        // The chip's session is the terminal's: the same derivation from both key halves.
        session = try BasicAccessControl.session(keys: keys, answer: data, challenge: challenge, terminalNonce: terminalNonce, terminalKey: terminalKey)
        return ResponseAPDU(data: data, status: 0x9000)
    }

    // MARK: PACE

    private func setAuthenticationTemplate(_ command: CommandAPDU) -> ResponseAPDU {
        guard command.p1 == 0xC1, command.p2 == 0xA4, let objects = try? TLV.parseAll(command.data),
            let oid = objects.first(where: { $0.tag == 0x80 }), let reference = objects.first(where: { $0.tag == 0x83 })?.value.first,
            let announced = image.cardAccess.flatMap({ try? CardAccess($0) })
        else { return ResponseAPDU(status: 0x6A80) }
        let parameter = objects.first { $0.tag == 0x84 }?.value.first.map(Int.init)
        guard let offer = announced.paceOffers.first(where: { $0.protocolBytes == oid.value && (parameter == nil || $0.parameterId == parameter) }) else {
            return ResponseAPDU(status: 0x6A80)
        }
        let password = reference == AccessKey.Kind.mrz.rawValue ? image.mrzKey : reference == AccessKey.Kind.can.rawValue ? image.canKey : nil
        guard let password, let state = SimulatedPACE(offer: offer, password: password) else { return ResponseAPDU(status: 0x6A88) }
        pace = state
        return ResponseAPDU(status: 0x9000)
    }

    private func generalAuthenticate(_ command: CommandAPDU) throws -> ResponseAPDU {
        guard var state = pace else { return ResponseAPDU(status: 0x6985) }
        do {
            let (answer, established) = try state.answer(command.data, random: random)
            pace = established == nil ? state : nil
            if let established { session = established }
            return ResponseAPDU(data: TLV.encode(tag: 0x7C, value: answer), status: 0x9000)
        } catch {
            pace = nil
            return ResponseAPDU(status: error.kind == .accessDenied ? 0x6300 : 0x6A80)
        }
    }

    // MARK: Chip Authentication

    /// MSE:Set KAT (3DES: the terminal's key in 91, the key agreed at once) or MSE:Set AT (AES:
    /// the protocol in 80, the key following in GENERAL AUTHENTICATE); a key id in 84 must be DG14's.
    private func chipAuthenticationTemplate(_ command: CommandAPDU) -> ResponseAPDU {
        chipAuthenticationSet = false
        guard session != nil else { return ResponseAPDU(status: 0x6982) }
        guard let key = image.chipAuthenticationKey, !faults.contains(.refusesChipAuthentication), let objects = try? TLV.parseAll(command.data) else {
            return ResponseAPDU(status: 0x6A80)
        }
        let keyReference = objects.first { $0.tag == 0x84 }?.value
        guard keyReference == key.info.keyId.map(DERInteger.unsignedBytes) else { return ResponseAPDU(status: 0x6A88) }
        switch command.p2 {
        case 0xA6 where key.info.cipher == .tripleDES:
            guard let point = objects.first(where: { $0.tag == 0x91 })?.value else { return ResponseAPDU(status: 0x6A80) }
            return agreeChipAuthentication(terminalKey: point, answer: [])
        case 0xA4 where objects.first(where: { $0.tag == 0x80 })?.value == key.info.protocolBytes:
            chipAuthenticationSet = true
            return ResponseAPDU(status: 0x9000)
        default:
            return ResponseAPDU(status: 0x6A80)
        }
    }

    private func chipAuthenticationGeneralAuthenticate(_ command: CommandAPDU) -> ResponseAPDU {
        chipAuthenticationSet = false
        guard let outer = try? TLV.parseFirst(command.data), outer.tag == 0x7C, let point = (try? outer.child(0x80))??.value else {
            return ResponseAPDU(status: 0x6A80)
        }
        return agreeChipAuthentication(terminalKey: point, answer: TLV.encode(tag: 0x7C, value: []))
    }

    /// The shared secret with the terminal's key, and the session it gives for the commands after this answer.
    private func agreeChipAuthentication(terminalKey: [UInt8], answer: [UInt8]) -> ResponseAPDU {
        guard var key = image.chipAuthenticationKey else { return ResponseAPDU(status: 0x6985) }
        if faults.contains(.lacksChipAuthenticationKey) {
            guard let own = try? key.another(random: random) else { return ResponseAPDU(status: 0x6F00) }
            key = key.copied(withPrivateKeyOf: own)
        }
        guard let secret = try? key.sharedSecret(with: terminalKey) else { return ResponseAPDU(status: 0x6A80) }
        nextSession = ChipAuthentication.session(sharedSecret: secret, info: key.info)
        return ResponseAPDU(data: answer, status: 0x9000)
    }

    // MARK: Active Authentication

    private func internalAuthenticate(_ command: CommandAPDU) -> ResponseAPDU {
        guard session != nil else { return ResponseAPDU(status: 0x6982) }
        guard let key = image.activeAuthenticationKey else { return ResponseAPDU(status: 0x6D00) }
        var generator = SystemRandomNumberGenerator()
        guard let signature = try? ActiveAuthentication.sign(challenge: command.data, with: key, random: &generator) else {
            return ResponseAPDU(status: 0x6F00)
        }
        return ResponseAPDU(data: signature, status: 0x9000)
    }
}
