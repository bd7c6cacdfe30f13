import CLibCrypto
import SwiftASN1

/// A private key that signs certificates, EF.SOD and Active Authentication challenges in the
/// test document PKI and the simulated passports: RSA, or EC on any named curve (NIST P-256/384/521,
/// Brainpool P256r1/P384r1/P512r1), held by OpenSSL's libcrypto so every algorithm the verifier
/// accepts can also be made.
public final class DocumentSigningKey: @unchecked Sendable {
    // An EVP_PKEY is not changed after it is made; signing uses a fresh context each time, so the
    // key may be shared between tasks.
    let pointer: OpaquePointer

    /// The key types the test PKI can make.
    public enum Kind: Sendable, Hashable {
        case rsa(bits: Int)
        /// An EC key on the curve OpenSSL names so: "prime256v1", "secp384r1", "secp521r1",
        /// "brainpoolP256r1", "brainpoolP384r1", "brainpoolP512r1".
        case ec(curve: String)

        public static let p256 = Kind.ec(curve: "prime256v1")
        public static let brainpoolP256r1 = Kind.ec(curve: "brainpoolP256r1")
    }

    private init(pointer: OpaquePointer) { self.pointer = pointer }

    deinit { EVP_PKEY_free(pointer) }

    /// A new random key of `kind`.
    public static func generate(_ kind: Kind) throws -> DocumentSigningKey {
        let algorithm: String
        switch kind {
        case .rsa(let bits):
            guard (1024...8192).contains(bits) else { throw DocumentSecurityError.builder("RSA keys of \(bits) bits") }
            algorithm = "RSA"
        case .ec: algorithm = "EC"
        }
        guard let context = EVP_PKEY_CTX_new_from_name(nil, algorithm, nil) else { throw DocumentSecurityError.builder("no \(algorithm) key generator") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_keygen_init(context) == 1 else { throw DocumentSecurityError.builder("\(algorithm) key generation cannot start") }
        switch kind {
        case .rsa(let bits):
            guard EVP_PKEY_CTX_set_rsa_keygen_bits(context, Int32(bits)) == 1 else { throw DocumentSecurityError.builder("RSA keys of \(bits) bits") }
        case .ec(let curve):
            guard EVP_PKEY_CTX_set_group_name(context, curve) == 1 else { throw DocumentSecurityError.builder("the curve \(curve)") }
        }
        var key: OpaquePointer?
        guard EVP_PKEY_generate(context, &key) == 1, let key else {
            ERR_clear_error()
            throw DocumentSecurityError.builder("a \(kind) key could not be generated")
        }
        return DocumentSigningKey(pointer: key)
    }

    /// A key from its DER private key (PKCS #8, or the traditional RSA or EC form).
    public init(derRepresentation: [UInt8]) throws {
        let key: OpaquePointer? = derRepresentation.withUnsafeBufferPointer { buffer in
            var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
            return d2i_AutoPrivateKey(nil, &cursor, buffer.count)
        }
        ERR_clear_error()
        guard let key else { throw DocumentSecurityError.builder("the private key is not DER PKCS #8, RSA or EC") }
        pointer = key
    }

    /// The private key, DER (traditional RSA or EC form): keep it to sign again with the same key.
    public var derRepresentation: [UInt8] { Self.encode(pointer, i2d_PrivateKey) }

    /// The public key, as a DER SubjectPublicKeyInfo.
    public var subjectPublicKeyInfo: [UInt8] { Self.encode(pointer, i2d_PUBKEY) }

    var isRSA: Bool { EVP_PKEY_get_base_id(pointer) == EVP_PKEY_RSA }

    /// The algorithm this key signs certificates and EF.SOD with by default.
    public func defaultAlgorithm(_ digest: DigestAlgorithm = .sha256) -> SignatureAlgorithm {
        isRSA ? .rsaPKCS1(digest) : .ecdsa(digest)
    }

    /// Signs `message` with `algorithm` (which hashes it). RSA PKCS#1 v1.5 signatures are the
    /// same each time; ECDSA and PSS ones are randomised.
    public func sign(_ message: [UInt8], algorithm: SignatureAlgorithm) throws -> [UInt8] {
        guard let md = EVP_get_digestbyname(algorithm.digest.openSSLName), let context = EVP_MD_CTX_new() else {
            throw DocumentSecurityError.builder("no digest \(algorithm.digest.rawValue)")
        }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestSignInit(context, &keyContext, md, nil, pointer) == 1 else {
            ERR_clear_error()
            throw DocumentSecurityError.builder("this key cannot sign with \(algorithm)")
        }
        if case .rsaPSS(_, let mgf, let salt) = algorithm {
            guard let mgfDigest = EVP_get_digestbyname(mgf.openSSLName),
                EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, mgfDigest) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, Int32(salt)) == 1
            else { throw DocumentSecurityError.builder("this key cannot sign with \(algorithm)") }
        }
        var length = 0
        guard message.withUnsafeBufferPointer({ EVP_DigestSign(context, nil, &length, $0.baseAddress, $0.count) }) == 1 else {
            throw DocumentSecurityError.builder("signing with \(algorithm) failed")
        }
        var signature = [UInt8](repeating: 0, count: length)
        let signed = message.withUnsafeBufferPointer { input in
            EVP_DigestSign(context, &signature, &length, input.baseAddress, input.count)
        }
        ERR_clear_error()
        guard signed == 1 else { throw DocumentSecurityError.builder("signing with \(algorithm) failed") }
        signature.removeSubrange(length...)
        if case .ecdsaPlain = algorithm { return try Self.plainECDSASignature(der: signature, keyBits: Int(EVP_PKEY_get_bits(pointer))) }
        return signature
    }

    /// The RSA private-key operation on one block of the modulus's size, no padding: what an
    /// Active Authentication chip does to an ISO/IEC 9796-2 message representative.
    public func rawRSA(_ block: [UInt8]) throws -> [UInt8] {
        guard isRSA, let context = EVP_PKEY_CTX_new(pointer, nil) else { throw DocumentSecurityError.builder("raw RSA needs an RSA key") }
        defer { EVP_PKEY_CTX_free(context) }
        guard EVP_PKEY_sign_init(context) == 1, EVP_PKEY_CTX_set_rsa_padding(context, RSA_NO_PADDING) == 1 else {
            throw DocumentSecurityError.builder("raw RSA is not available")
        }
        var length = Int(EVP_PKEY_get_size(pointer))
        var output = [UInt8](repeating: 0, count: length)
        let done = block.withUnsafeBufferPointer { EVP_PKEY_sign(context, &output, &length, $0.baseAddress, $0.count) }
        ERR_clear_error()
        guard done == 1 else { throw DocumentSecurityError.builder("raw RSA failed on a block of \(block.count) bytes") }
        return Array(output.prefix(length))
    }

    /// The modulus size in bytes (RSA) or the signature size (EC).
    public var size: Int { Int(EVP_PKEY_get_size(pointer)) }

    static func plainECDSASignature(der: [UInt8], keyBits: Int) throws -> [UInt8] {
        let width = (keyBits + 7) / 8
        let parts = try DERNode.parse(der[...], "an ECDSA signature").children()
        var plain: [UInt8] = []
        for index in 0..<2 {
            let value = Array(try parts.element(index, "r and s").primitive(.integer).drop { $0 == 0 })
            guard value.count <= width else { throw DocumentSecurityError.builder("an ECDSA signature wider than its curve") }
            plain += [UInt8](repeating: 0, count: width - value.count) + value
        }
        return plain
    }

    private static func encode(_ key: OpaquePointer, _ encoder: (OpaquePointer?, UnsafeMutablePointer<UnsafeMutablePointer<UInt8>?>?) -> Int32) -> [UInt8] {
        let length = encoder(key, nil)
        guard length > 0 else { return [] }
        var output = [UInt8](repeating: 0, count: Int(length))
        output.withUnsafeMutableBufferPointer { buffer in
            var cursor: UnsafeMutablePointer<UInt8>? = buffer.baseAddress
            _ = encoder(key, &cursor)
        }
        return output
    }
}
