import Crypto
import Foundation

/// Sealed evidence (face images, fingerprint templates): HPKE (RFC 9180, base mode,
/// DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, ChaCha20-Poly1305) to the central service's X25519
/// key. A board holds only the public key, so it can seal but never open what it stored.
///
/// Layout: `LAE1` · encapsulated key length (2 bytes, big-endian) · encapsulated key · ciphertext.
public enum EvidenceSeal {
    static let magic: [UInt8] = Array("LAE1".utf8)
    static let info = Data("laneagent evidence v1".utf8)
    static let suite = HPKE.Ciphersuite.Curve25519_SHA256_ChachaPoly

    /// What went wrong sealing or opening.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let description: String
    }

    /// Seals `plaintext` to `publicKey` (32 raw bytes).
    public static func seal(_ plaintext: [UInt8], to publicKey: [UInt8]) throws(Failure) -> [UInt8] {
        do {
            let key = try Curve25519.KeyAgreement.PublicKey(rawRepresentation: publicKey)
            var sender = try HPKE.Sender(recipientKey: key, ciphersuite: suite, info: info)
            let ciphertext = try sender.seal(plaintext)
            let encapsulated = Array(sender.encapsulatedKey)
            return magic + [UInt8(encapsulated.count >> 8), UInt8(encapsulated.count & 0xFF)] + encapsulated + Array(ciphertext)
        } catch {
            throw Failure(description: "cannot seal evidence to the [evidence] seal_to key: \(error)")
        }
    }

    /// True when `bytes` look like sealed evidence.
    public static func isSealed(_ bytes: [UInt8]) -> Bool { bytes.count > 6 && Array(bytes.prefix(4)) == magic }

    /// Opens sealed evidence with the central service's private key (32 raw bytes).
    public static func open(_ sealed: [UInt8], with privateKey: [UInt8]) throws(Failure) -> [UInt8] {
        guard isSealed(sealed) else { throw Failure(description: "not sealed evidence (no LAE1 header)") }
        let length = Int(sealed[4]) << 8 | Int(sealed[5])
        guard sealed.count >= 6 + length else { throw Failure(description: "sealed evidence is truncated") }
        do {
            let key = try Curve25519.KeyAgreement.PrivateKey(rawRepresentation: privateKey)
            var recipient = try HPKE.Recipient(privateKey: key, ciphersuite: suite, info: info,
                                               encapsulatedKey: Data(sealed[6..<(6 + length)]))
            return Array(try recipient.open(sealed[(6 + length)...]))
        } catch {
            throw Failure(description: "cannot open sealed evidence: wrong key or damaged file (\(error))")
        }
    }
}
