/// The chip's side of PACE with generic mapping, for `SimulatedPassport`: one state per
/// GENERAL AUTHENTICATE, the same primitives the reader uses.
struct SimulatedPACE {
    let offer: PACEInfo
    let agreement: PACEKeyAgreement
    let passwordKey: [UInt8]
    private var nonce: [UInt8] = []
    private var mappingKey: [UInt8] = []
    private var generator: [UInt8]?
    private var ephemeralKey: [UInt8] = []
    private var ephemeralPublic: [UInt8] = []
    private var terminalPublic: [UInt8] = []
    private var macKey: [UInt8] = []
    private var encryptionKey: [UInt8] = []
    private var step = 0

    init?(offer: PACEInfo, password: AccessKey) {
        guard let agreement = PACEKeyAgreement(offer: offer) else { return nil }
        self.offer = offer
        self.agreement = agreement
        passwordKey = PACE.passwordKey(for: password, offer: offer)
    }

    /// What the chip answers inside 7C to the terminal's dynamic authentication data; the
    /// session once the tokens are exchanged. A wrong token is `.accessDenied`.
    mutating func answer(_ data: [UInt8], random: RandomBytes) throws(ChipError) -> (answer: [UInt8], session: SecureMessaging?) {
        let objects: [TLV]
        do {
            let outer = try TLV.parseFirst(data)
            guard outer.tag == 0x7C else { throw ChipError(.garbled, "GENERAL AUTHENTICATE data is not 7C") }
            objects = try outer.children()
        } catch let error as TLVError {
            throw ChipError(.garbled, "GENERAL AUTHENTICATE data: \(error)")
        } catch {
            throw error as? ChipError ?? ChipError(.garbled, "\(error)")
        }
        func value(_ tag: UInt32) throws(ChipError) -> [UInt8] {
            guard let object = objects.first(where: { $0.tag == tag }) else { throw ChipError(.garbled, "no \(TLV.hex(tag)) in step \(step + 1)") }
            return object.value
        }
        step += 1
        switch step {
        case 1:
            nonce = random(offer.cipher.blockSize)
            return (TLV.encode(tag: 0x80, value: try offer.cipher.encrypt(key: passwordKey, data: nonce)), nil)
        case 2:
            let terminalMapping = try agreement.checked(try value(0x81))
            mappingKey = try agreement.privateKey(from: random)
            generator = try agreement.mappedGenerator(nonce: nonce, shared: try agreement.agree(terminalMapping, key: mappingKey))
            return (TLV.encode(tag: 0x82, value: try agreement.publicKey(of: mappingKey)), nil)
        case 3:
            guard let generator else { throw ChipError(.garbled, "PACE out of order") }
            terminalPublic = try value(0x83)
            let terminal = try agreement.checked(terminalPublic)
            ephemeralKey = try agreement.privateKey(from: random)
            ephemeralPublic = try agreement.publicKey(of: ephemeralKey, generator: generator)
            let shared = try agreement.secret(of: try agreement.agree(terminal, key: ephemeralKey))
            encryptionKey = KeyDerivation.key(from: shared, purpose: .encryption, cipher: offer.cipher, keyLength: offer.keyLength)
            macKey = KeyDerivation.key(from: shared, purpose: .mac, cipher: offer.cipher, keyLength: offer.keyLength)
            return (TLV.encode(tag: 0x84, value: ephemeralPublic), nil)
        case 4:
            guard try value(0x85) == PACE.authenticationToken(macKey: macKey, offer: offer, publicKey: ephemeralPublic) else {
                throw ChipError(.accessDenied, "the terminal's PACE token does not verify")
            }
            let token = try PACE.authenticationToken(macKey: macKey, offer: offer, publicKey: terminalPublic)
            let session = SecureMessaging(cipher: offer.cipher, encryptionKey: encryptionKey, macKey: macKey,
                                          sendSequenceCounter: [UInt8](repeating: 0, count: offer.cipher.blockSize))
            return (TLV.encode(tag: 0x86, value: token), session)
        default:
            throw ChipError(.garbled, "PACE has no step \(step)")
        }
    }
}
