/// Basic Access Control (ICAO 9303 part 11, §4.3 and §9.7): keys from the MRZ, GET CHALLENGE,
/// one EXTERNAL AUTHENTICATE that proves both sides know them, and the session keys and send
/// sequence counter for secure messaging.
///
/// A chip counts failed authentications and may slow down or block after several, so a refused
/// EXTERNAL AUTHENTICATE is final for the card presentation: `establish` never retries.
public enum BasicAccessControl {
    /// The document basic access keys KEnc and KMAC.
    public struct Keys: Sendable, Hashable {
        public let encryption: [UInt8]
        public let mac: [UInt8]
    }

    /// KEnc and KMAC from the MRZ key; nil for a CAN, which only PACE takes.
    public static func keys(for key: AccessKey) -> Keys? {
        guard let seed = key.basicAccessSeed else { return nil }
        return Keys(encryption: KeyDerivation.key(from: seed, purpose: .encryption, cipher: .tripleDES),
                    mac: KeyDerivation.key(from: seed, purpose: .mac, cipher: .tripleDES))
    }

    /// The terminal's half: E_IFD = E(KEnc, RND.IFD‖RND.IC‖K.IFD) and its MAC, the 40 bytes of EXTERNAL AUTHENTICATE.
    public static func authenticationData(keys: Keys, challenge: [UInt8], terminalNonce: [UInt8], terminalKey: [UInt8]) throws(ChipError) -> [UInt8] {
        guard challenge.count == 8, terminalNonce.count == 8, terminalKey.count == 16 else {
            throw ChipError(.garbled, "BAC needs an 8-byte challenge, nonce and a 16-byte key; the chip's challenge has \(challenge.count) bytes")
        }
        let encrypted = try BlockCipher.tripleDES.encrypt(key: keys.encryption, data: terminalNonce + challenge + terminalKey)
        return encrypted + (try RetailMAC.compute(key: keys.mac, message: encrypted))
    }

    /// The chip's answer checked (its MAC, and that it returns our nonce) and turned into the
    /// secure messaging session: KSenc, KSMAC from K.IFD ⊕ K.IC; SSC from both nonces' last halves.
    public static func session(keys: Keys, answer: [UInt8], challenge: [UInt8], terminalNonce: [UInt8], terminalKey: [UInt8]) throws(ChipError) -> SecureMessaging {
        guard answer.count == 40 else { throw ChipError(.garbled, "the chip's EXTERNAL AUTHENTICATE answer has \(answer.count) bytes, not 40") }
        let encrypted = Array(answer[0..<32])
        guard try RetailMAC.compute(key: keys.mac, message: encrypted) == Array(answer[32..<40]) else {
            throw ChipError(.garbled, "the chip's EXTERNAL AUTHENTICATE answer has a MAC that does not verify")
        }
        let plain = try BlockCipher.tripleDES.decrypt(key: keys.encryption, data: encrypted)
        guard Array(plain[0..<8]) == challenge, Array(plain[8..<16]) == terminalNonce else {
            throw ChipError(.garbled, "the chip's EXTERNAL AUTHENTICATE answer does not return the nonces sent")
        }
        let seed = zip(terminalKey, plain[16..<32]).map { $0 ^ $1 }
        return SecureMessaging(
            cipher: .tripleDES,
            encryptionKey: KeyDerivation.key(from: seed, purpose: .encryption, cipher: .tripleDES),
            macKey: KeyDerivation.key(from: seed, purpose: .mac, cipher: .tripleDES),
            sendSequenceCounter: Array(challenge[4..<8]) + Array(terminalNonce[4..<8]))
    }

    /// BAC run on `connection` (the eMRTD application selected): GET CHALLENGE, one EXTERNAL
    /// AUTHENTICATE, and the session installed. A refused authentication is `.accessDenied`.
    public static func establish(on connection: inout ChipConnection, key: AccessKey, random: RandomBytes) async throws(ChipError) {
        guard let keys = keys(for: key) else { throw ChipError(.unsupported, "BAC needs the MRZ key; this chip was given a CAN and offers no PACE") }
        let challengeAnswer = try await connection.send(.getChallenge())
        guard challengeAnswer.status == 0x9000 else { throw ChipError(.refused, "GET CHALLENGE was refused: \(challengeAnswer.statusDescription)") }
        let challenge = challengeAnswer.data
        let terminalNonce = random(8), terminalKey = random(16)
        let data = try authenticationData(keys: keys, challenge: challenge, terminalNonce: terminalNonce, terminalKey: terminalKey)
        let answer = try await connection.send(CommandAPDU(ins: 0x82, p1: 0x00, p2: 0x00, data: data, expectedLength: 40))
        guard answer.status == 0x9000 else {
            throw ChipError(.accessDenied, "access denied: the MRZ key does not open this chip (EXTERNAL AUTHENTICATE answered \(answer.statusDescription))")
        }
        connection.secureMessaging = try session(keys: keys, answer: answer.data, challenge: challenge, terminalNonce: terminalNonce, terminalKey: terminalKey)
    }
}
