import CLibCrypto
import Crypto

/// Chip Authentication (ICAO 9303 part 11, §6.2 and §9.7.4): an ephemeral Diffie-Hellman with
/// the static key in DG14, under the secure messaging BAC or PACE set up, whose shared secret
/// gives new session keys. Only a chip holding DG14's private key can answer under them, so a
/// copy of a genuine chip's files is told apart; the new keys also replace BAC's weaker ones.
public enum ChipAuthentication {
    /// The terminal's ephemeral public key (04‖x‖y, or the DH value as long as the prime) and the shared secret.
    public struct Agreement: Sendable {
        public let ephemeralPublicKey: [UInt8]
        public let sharedSecret: [UInt8]
    }

    /// An ephemeral key in the chip key's curve or group and the secret shared with it (for DH
    /// the value padded to the prime's length, for ECDH the x-coordinate).
    public static func agree(with key: ChipAuthenticationPublicKeyInfo.Key, random: RandomBytes) throws(ChipError) -> Agreement {
        switch key {
        case .elliptic(let elliptic): return try agree(with: elliptic, random: random)
        case .modular(let modular):
            let exponent = try modular.group.privateKey(from: random)
            return Agreement(ephemeralPublicKey: try modular.group.publicKey(of: exponent), sharedSecret: try modular.group.power(modular.publicKey, exponent))
        }
    }

    /// ECDH: swift-crypto on NIST P-256, P-384 and P-521, libcrypto's point arithmetic on the Brainpool curves.
    static func agree(with key: ChipAuthenticationPublicKeyInfo.EllipticKey, random: RandomBytes) throws(ChipError) -> Agreement {
        let curve = key.curve
        let scalar = try curve.privateKey(from: random)
        let chipKey = curve.encode(key.point)
        do {
            switch curve.nid {
            case NID_X9_62_prime256v1:
                let own = try P256.KeyAgreement.PrivateKey(rawRepresentation: scalar)
                let secret = try own.sharedSecretFromKeyAgreement(with: P256.KeyAgreement.PublicKey(x963Representation: chipKey))
                return Agreement(ephemeralPublicKey: Array(own.publicKey.x963Representation), sharedSecret: secret.withUnsafeBytes { Array($0) })
            case NID_secp384r1:
                let own = try P384.KeyAgreement.PrivateKey(rawRepresentation: scalar)
                let secret = try own.sharedSecretFromKeyAgreement(with: P384.KeyAgreement.PublicKey(x963Representation: chipKey))
                return Agreement(ephemeralPublicKey: Array(own.publicKey.x963Representation), sharedSecret: secret.withUnsafeBytes { Array($0) })
            case NID_secp521r1:
                let own = try P521.KeyAgreement.PrivateKey(rawRepresentation: scalar)
                let secret = try own.sharedSecretFromKeyAgreement(with: P521.KeyAgreement.PublicKey(x963Representation: chipKey))
                return Agreement(ephemeralPublicKey: Array(own.publicKey.x963Representation), sharedSecret: secret.withUnsafeBytes { Array($0) })
            default:
                break
            }
        } catch {
            throw ChipError(.garbled, "the key agreement on \(curve.name) failed (swift-crypto: \(error))")
        }
        return Agreement(ephemeralPublicKey: curve.encode(try curve.publicKey(of: scalar)), sharedSecret: try curve.multiply(key.point, by: scalar).x)
    }

    /// The session after Chip Authentication: KSenc and KSMAC from the shared secret with the
    /// cipher the offer names, the send sequence counter at zero.
    public static func session(sharedSecret: [UInt8], info: ChipAuthenticationInfo) -> SecureMessaging {
        SecureMessaging(cipher: info.cipher, encryptionKey: KeyDerivation.key(from: sharedSecret, purpose: .encryption, cipher: info.cipher, keyLength: info.keyLength),
                        macKey: KeyDerivation.key(from: sharedSecret, purpose: .mac, cipher: info.cipher, keyLength: info.keyLength),
                        sendSequenceCounter: [UInt8](repeating: 0, count: info.cipher.blockSize))
    }

    /// Chip Authentication run on `connection` (under BAC's or PACE's secure messaging): 3DES by
    /// MSE:Set KAT, AES by MSE:Set AT and GENERAL AUTHENTICATE; then the new session installed
    /// and proved by SELECTing `confirmation`, whose answer must verify under the new keys.
    ///
    /// Throws `.refused` when the chip refuses the key agreement, `.garbled` with "could not
    /// prove" when its answer under the new keys does not verify, `.cardGone` or `.cancelled`.
    public static func run(on connection: inout ChipConnection, offer: ChipAuthenticationOffer, random: RandomBytes, confirmation: ChipFile) async throws(ChipError) {
        guard connection.secureMessaging != nil else { throw ChipError(.unsupported, "Chip Authentication runs under secure messaging, and none is up") }
        let agreement = try agree(with: offer.key, random: random)
        let keyReference = offer.keyId.map { TLV.encode(tag: 0x84, value: DERInteger.unsignedBytes($0)) } ?? []
        if offer.info.cipher == .tripleDES {
            let answer = try await connection.send(CommandAPDU(ins: 0x22, p1: 0x41, p2: 0xA6, data: TLV.encode(tag: 0x91, value: agreement.ephemeralPublicKey) + keyReference))
            guard answer.status == 0x9000 else { throw ChipError(.refused, "the chip refused MSE:Set KAT: \(answer.statusDescription)") }
        } else {
            let set = try await connection.send(CommandAPDU(ins: 0x22, p1: 0x41, p2: 0xA4, data: TLV.encode(tag: 0x80, value: offer.info.protocolBytes) + keyReference))
            guard set.status == 0x9000 else { throw ChipError(.refused, "the chip refused MSE:Set AT for \(offer.info.summary): \(set.statusDescription)") }
            let data = TLV.encode(tag: 0x7C, value: TLV.encode(tag: 0x80, value: agreement.ephemeralPublicKey))
            let answer = try await connection.send(CommandAPDU(ins: 0x86, p1: 0x00, p2: 0x00, data: data, expectedLength: 256))
            guard answer.status == 0x9000 else { throw ChipError(.refused, "the chip refused GENERAL AUTHENTICATE: \(answer.statusDescription)") }
            guard (try? TLV.parseFirst(answer.data))?.tag == 0x7C else {
                throw ChipError(.garbled, "the chip's GENERAL AUTHENTICATE answer is not dynamic authentication data (7C)")
            }
        }
        connection.secureMessaging = session(sharedSecret: agreement.sharedSecret, info: offer.info)
        let proof: ResponseAPDU
        do {
            proof = try await connection.send(.selectFile(confirmation.identifier))
        } catch where error.kind == .garbled {
            throw ChipError(.garbled, "the chip could not prove it holds DG14's private key: \(error.message)")
        }
        guard proof.status == 0x9000 else {
            throw ChipError(.garbled, "the chip could not prove it holds DG14's private key: SELECT \(confirmation) under the new keys answered \(proof.statusDescription)")
        }
    }
}
