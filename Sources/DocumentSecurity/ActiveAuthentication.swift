import CLibCrypto
import LaneModel

/// Active Authentication (ICAO 9303 part 11, 6.1): the chip signs the terminal's random
/// challenge with the private key whose public half DG15 holds (signed by the SOD), so a
/// chip that answers is the original, not a copy of its files.
public enum ActiveAuthentication {
    /// The challenge a terminal sends: 8 bytes.
    public static let challengeLength = 8

    /// Checks the chip's answer to `challenge` with DG15's key (the whole DG15 with its 0x6F
    /// tag, or the bare SubjectPublicKeyInfo). RSA keys: ISO/IEC 9796-2 digital signature
    /// scheme 1 with message recovery (trailer 0xBC for SHA-1, or 0x?? 0xCC naming the hash).
    /// EC keys: ECDSA, plain r||s (or DER), over the challenge with `digest` (from DG14's
    /// ActiveAuthenticationInfo); without it each SHA-2 and SHA-1 is tried and the one that
    /// verifies is named. Never throws: every failure is a failed check saying what.
    public static func verify(publicKeyInfo dg15: [UInt8], challenge: [UInt8], signature: [UInt8], digest: DigestAlgorithm? = nil) -> ChipCheck {
        let spki: [UInt8]
        do { spki = try subjectPublicKeyInfo(dg15) } catch {
            return failed("DG15 cannot be read: \((error as? DocumentSecurityError)?.message ?? "\(error)")")
        }
        guard let key = PublicKeyVerifier.PublicKey(subjectPublicKeyInfo: spki) else { return failed("DG15's public key cannot be read") }
        guard !challenge.isEmpty, challenge.count <= 64 else { return failed("the challenge is \(challenge.count) bytes") }
        guard !signature.isEmpty, signature.count <= 1024 else { return failed("the chip's answer is \(signature.count) bytes, not a signature") }
        if key.isRSA {
            return verifyRSA(key, spki, challenge, signature)
        }
        if key.isEC {
            return verifyECDSA(key, spki, challenge, signature, digest)
        }
        return failed("DG15 holds a \(key.description) key, neither RSA nor EC")
    }

    /// DG15's SubjectPublicKeyInfo: the 0x6F wrapper removed when present.
    static func subjectPublicKeyInfo(_ dg15: [UInt8]) throws -> [UInt8] {
        let root = try DERNode.parse(dg15[...], "DG15")
        if root.identifier.tagClass == .application, root.identifier.tagNumber == 15 {
            let inner = try root.children(root.identifier)
            guard inner.count == 1 else { throw DocumentSecurityError.malformed("DG15", "its 0x6F tag holds \(inner.count) values, not 1") }
            return Array(inner[0].encoded)
        }
        _ = try root.children()
        return Array(root.encoded)
    }

    private static func verifyRSA(_ key: PublicKeyVerifier.PublicKey, _ spki: [UInt8], _ challenge: [UInt8], _ signature: [UInt8]) -> ChipCheck {
        let size = Int(EVP_PKEY_get_size(key.pointer))
        guard signature.count == size else {
            return failed("the chip's answer is \(signature.count) bytes, not the \(size) of its RSA \(key.bits) key")
        }
        guard let recovered = rawPublic(key, signature) else {
            return failed("the chip's answer is not an RSA signature under DG15's key (not below the modulus)")
        }
        switch ISO9796Message.make(representative: recovered) {
        case .failure(let problem):
            return failed("ISO/IEC 9796-2 signature by the RSA \(key.bits) key: \(problem.text)")
        case .success(let message):
            guard message.digest.hash(message.recoverable + challenge) == message.hash else {
                return failed("the chip's RSA \(key.bits) signature (ISO/IEC 9796-2, \(message.digest.rawValue)) is not over this challenge: a copied chip or a wrong key")
            }
            let scheme = "ISO/IEC 9796-2 scheme 1, \(message.digest.rawValue)"
            return ChipCheck(outcome: .passed, method: "AA", detail: "the chip signed the challenge with DG15's RSA \(key.bits) key (\(scheme))")
        }
    }

    private static func verifyECDSA(_ key: PublicKeyVerifier.PublicKey, _ spki: [UInt8], _ challenge: [UInt8], _ signature: [UInt8], _ digest: DigestAlgorithm?) -> ChipCheck {
        let digests = digest.map { [$0] } ?? [.sha256, .sha1, .sha384, .sha512, .sha224]
        // A plain signature is two values of the curve's width; some chips answer DER instead.
        let isDER = signature.first == 0x30 && signature.count != 2 * ((key.bits + 7) / 8)
        for candidate in digests {
            let algorithm: SignatureAlgorithm = isDER ? .ecdsa(candidate) : .ecdsaPlain(candidate)
            if case .success = PublicKeyVerifier.verify(subjectPublicKeyInfo: spki, algorithm: algorithm, message: challenge, signature: signature) {
                return ChipCheck(outcome: .passed, method: "AA", detail: "the chip signed the challenge with DG15's \(key.description) key (\(algorithm))")
            }
        }
        let tried = digests.map(\.rawValue).joined(separator: ", ")
        return failed("the chip's ECDSA answer does not verify with DG15's \(key.description) key over the challenge (tried \(tried)): a copied chip or a wrong key")
    }

    /// signature^e mod n, as many bytes as the modulus; nil when the value is not below it.
    private static func rawPublic(_ key: PublicKeyVerifier.PublicKey, _ signature: [UInt8]) -> [UInt8]? {
        guard let context = EVP_PKEY_CTX_new(key.pointer, nil) else { return nil }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_verify_recover_init(context) == 1, EVP_PKEY_CTX_set_rsa_padding(context, RSA_NO_PADDING) == 1 else { return nil }
        var length = signature.count
        var output = [UInt8](repeating: 0, count: length)
        let done = signature.withUnsafeBufferPointer { EVP_PKEY_verify_recover(context, &output, &length, $0.baseAddress, $0.count) }
        ERR_clear_error()
        // libcrypto reports the length it wrote; never trust it past the buffer it was given.
        guard done == 1, length <= signature.count else { return nil }
        return [UInt8](repeating: 0, count: signature.count - length) + output.prefix(length)
    }

    private static func failed(_ detail: String) -> ChipCheck { ChipCheck(outcome: .failed, method: "AA", detail: detail) }
}
