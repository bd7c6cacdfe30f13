/// PACE with generic mapping (ICAO 9303 part 11, §4.4 and §9.5), on an elliptic curve or a
/// standardized DH group: the chip's nonce decrypted with the password key, a mapped generator
/// (G̃ = s·G + H, or g̃ = g^s·h mod p) from a first Diffie-Hellman, a second Diffie-Hellman on it
/// for the session keys, and authentication tokens both ways. Chip-authentication mapping (CAM)
/// runs the same way on curves; its chip authentication data is not used.
///
/// Only the token exchange tells a wrong password: the chip refuses the terminal's token, and
/// that is final (`.accessDenied`); failures before it are the protocol's, and a reader may
/// fall back to BAC after them.
public enum PACE {
    /// K_π, the key that decrypts the chip's nonce: KDF(password, 3).
    public static func passwordKey(for key: AccessKey, offer: PACEInfo) -> [UInt8] {
        KeyDerivation.key(from: key.pacePassword, purpose: .password, cipher: offer.cipher, keyLength: offer.keyLength)
    }

    /// The nonce s: the chip's encrypted nonce z decrypted with K_π (CBC, zero IV).
    public static func nonce(encrypted: [UInt8], passwordKey: [UInt8], offer: PACEInfo) throws(ChipError) -> [UInt8] {
        try offer.cipher.decrypt(key: passwordKey, data: encrypted)
    }

    /// Generic mapping: G̃ = s·G + H, with H the first Diffie-Hellman's shared point.
    public static func mappedGenerator(curve: EllipticCurve, nonce: [UInt8], shared: EllipticCurve.Point) throws(ChipError) -> EllipticCurve.Point {
        try curve.add(try curve.publicKey(of: nonce), shared)
    }

    /// Generic mapping in a DH group: g̃ = g^s · h mod p, with h the first Diffie-Hellman's shared
    /// value; refused when g̃ falls outside 2…p−2 (h chosen to cancel g^s).
    public static func mappedGenerator(group: ModularGroup, nonce: [UInt8], shared: [UInt8]) throws(ChipError) -> [UInt8] {
        let generator = try group.multiply(try group.publicKey(of: nonce), shared)
        do {
            _ = try group.with(generator: generator)
            return generator
        } catch {
            throw ChipError(.garbled, "PACE's mapped DH generator is degenerate (the chip's mapping key cancels g^s)")
        }
    }

    /// The authentication token over the other side's ephemeral public key (part 11, §4.4.3.4):
    /// the MAC of the public key data object 7F49 {06 OID, 86 point or 84 DH value}, 8 bytes.
    public static func authenticationToken(macKey: [UInt8], offer: PACEInfo, publicKey: [UInt8]) throws(ChipError) -> [UInt8] {
        let keyTag: UInt32 = offer.isEllipticCurve ? 0x86 : 0x84
        let input = TLV.encode(tag: 0x7F49, value: TLV.encode(tag: 0x06, value: offer.protocolBytes) + TLV.encode(tag: keyTag, value: publicKey))
        switch offer.cipher {
        case .tripleDES: return try RetailMAC.compute(key: macKey, message: input)
        case .aes: return Array(try AESCMAC.compute(key: macKey, message: input).prefix(8))
        }
    }

    /// PACE run on `connection` (nothing selected yet, or the master file): MSE:Set AT, four
    /// GENERAL AUTHENTICATEs, and the AES or 3DES session installed with its counter at zero.
    public static func establish(on connection: inout ChipConnection, key: AccessKey, offer: PACEInfo, random: RandomBytes) async throws(ChipError) {
        guard let agreement = PACEKeyAgreement(offer: offer), let parameter = offer.parameterId else {
            throw ChipError(.unsupported, "\(offer.summary) is not implemented here (generic mapping on standardized curves and DH groups is)")
        }
        var reference = TLV.encode(tag: 0x80, value: offer.protocolBytes) + TLV.encode(tag: 0x83, value: [key.kind.rawValue])
        reference += TLV.encode(tag: 0x84, value: [UInt8(parameter)])
        let set = try await connection.send(CommandAPDU(ins: 0x22, p1: 0xC1, p2: 0xA4, data: reference))
        guard set.status == 0x9000 else { throw ChipError(.refused, "MSE:Set AT for \(offer.summary) was refused: \(set.statusDescription)") }

        let encryptedNonce = try await step(&connection, chained: true, send: [], expect: 0x80, what: "the encrypted nonce")
        let nonce = try nonce(encrypted: encryptedNonce, passwordKey: passwordKey(for: key, offer: offer), offer: offer)

        let mappingKey = try agreement.privateKey(from: random)
        let mappingPublic = try agreement.publicKey(of: mappingKey)
        let chipMappingBytes = try await step(&connection, chained: true, send: TLV.encode(tag: 0x81, value: mappingPublic), expect: 0x82,
                                              what: "the chip's mapping key")
        let chipMapping = try agreement.checked(chipMappingBytes)
        let generator = try agreement.mappedGenerator(nonce: nonce, shared: try agreement.agree(chipMapping, key: mappingKey))

        let ephemeralKey = try agreement.privateKey(from: random)
        let ephemeralPublic = try agreement.publicKey(of: ephemeralKey, generator: generator)
        let chipPublicBytes = try await step(&connection, chained: true, send: TLV.encode(tag: 0x83, value: ephemeralPublic), expect: 0x84,
                                             what: "the chip's ephemeral key")
        let chipPublic = try agreement.checked(chipPublicBytes)
        guard chipPublic != ephemeralPublic else { throw ChipError(.garbled, "the chip returned the terminal's own ephemeral key") }
        let shared = try agreement.secret(of: try agreement.agree(chipPublic, key: ephemeralKey))
        let encryption = KeyDerivation.key(from: shared, purpose: .encryption, cipher: offer.cipher, keyLength: offer.keyLength)
        let mac = KeyDerivation.key(from: shared, purpose: .mac, cipher: offer.cipher, keyLength: offer.keyLength)

        let terminalToken = try authenticationToken(macKey: mac, offer: offer, publicKey: chipPublicBytes)
        let chipToken: [UInt8]
        do {
            chipToken = try await step(&connection, chained: false, send: TLV.encode(tag: 0x85, value: terminalToken), expect: 0x86, what: "the chip's token")
        } catch where error.kind == .refused {
            throw ChipError(.accessDenied, "access denied: \(key) does not open this chip (PACE's token exchange: \(error.message))")
        }
        guard try chipToken == authenticationToken(macKey: mac, offer: offer, publicKey: ephemeralPublic) else {
            throw ChipError(.accessDenied, "access denied: the chip's PACE token does not verify, so it does not share \(key)")
        }
        connection.secureMessaging = SecureMessaging(cipher: offer.cipher, encryptionKey: encryption, macKey: mac,
                                                     sendSequenceCounter: [UInt8](repeating: 0, count: offer.cipher.blockSize))
    }

    /// One GENERAL AUTHENTICATE: `send` inside 7C, and the value of `expect` inside the answer's 7C.
    private static func step(_ connection: inout ChipConnection, chained: Bool, send: [UInt8], expect tag: UInt32, what: String)
        async throws(ChipError) -> [UInt8]
    {
        let command = CommandAPDU(cla: chained ? 0x10 : 0x00, ins: 0x86, p1: 0x00, p2: 0x00, data: TLV.encode(tag: 0x7C, value: send), expectedLength: 256)
        let answer = try await connection.send(command)
        guard answer.status == 0x9000 else { throw ChipError(.refused, "GENERAL AUTHENTICATE for \(what) was refused: \(answer.statusDescription)") }
        do {
            let outer = try TLV.parseFirst(answer.data)
            guard outer.tag == 0x7C, let inner = try outer.child(tag) else { throw TLVError(offset: 0, reason: "no \(TLV.hex(tag)) inside 7C") }
            return inner.value
        } catch {
            throw ChipError(.garbled, "GENERAL AUTHENTICATE's answer with \(what) is malformed: \(error)")
        }
    }
}
