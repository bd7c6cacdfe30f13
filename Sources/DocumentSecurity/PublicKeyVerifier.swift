import CLibCrypto
import SwiftASN1

/// Verifies a signature with a SubjectPublicKeyInfo, for every key a passport PKI uses (RSA of any
/// size, RSASSA-PSS with its exact parameters, ECDSA on NIST and Brainpool curves, including keys
/// that spell their curve out as explicit parameters, as many document signer certificates do).
/// Two libraries, because neither alone fits: swift-crypto checks what it has the primitive for
/// (named NIST curves; RSA of 2048 bits or more with PKCS#1 v1.5, or PSS whose MGF1 hash is the
/// message hash and whose salt is the hash's length; SHA-1 and SHA-2 but SHA-224), and OpenSSL's
/// libcrypto checks the rest rather than a cipher of our own. Either path gives the same result.
enum PublicKeyVerifier {
    /// Why a signature did not verify.
    enum Failure: Error, Equatable, CustomStringConvertible {
        case unreadableKey
        case wrongKeyType(String)
        case badSignature

        var description: String {
            switch self {
            case .unreadableKey: "the public key cannot be read"
            case .wrongKeyType(let detail): detail
            case .badSignature: "the signature does not verify"
            }
        }
    }

    /// The library that checks a signature.
    enum Path: Equatable {
        case swiftCrypto
        case libCrypto
    }

    /// Checks `signature` over `message` (hashed here with the algorithm's hash).
    static func verify(subjectPublicKeyInfo: [UInt8], algorithm: SignatureAlgorithm, message: [UInt8], signature: [UInt8]) -> Result<Void, Failure> {
        // libcrypto reads every key first, so an unreadable or mistyped key fails alike on both paths.
        guard let key = PublicKey(subjectPublicKeyInfo: subjectPublicKeyInfo) else { return .failure(.unreadableKey) }
        var signature = signature
        switch algorithm {
        case .rsaPKCS1, .rsaPSS:
            guard key.isRSA else { return .failure(.wrongKeyType("\(algorithm) needs an RSA key, the key is \(key.description)")) }
        case .ecdsa:
            guard key.isEC else { return .failure(.wrongKeyType("\(algorithm) needs an EC key, the key is \(key.description)")) }
        case .ecdsaPlain:
            guard key.isEC else { return .failure(.wrongKeyType("\(algorithm) needs an EC key, the key is \(key.description)")) }
            guard let der = Self.derECDSASignature(plain: signature) else { return .failure(.badSignature) }
            signature = der
        }
        if let swiftKey = SwiftCryptoVerifier.key(subjectPublicKeyInfo: subjectPublicKeyInfo, algorithm: algorithm) {
            return SwiftCryptoVerifier.verify(key: swiftKey, algorithm: algorithm, message: message, signature: signature)
        }
        return LibCryptoVerifier.verify(key: key, algorithm: algorithm, message: message, signature: signature)
    }

    /// The library `verify` checks this key and algorithm with.
    static func path(subjectPublicKeyInfo: [UInt8], algorithm: SignatureAlgorithm) -> Path {
        SwiftCryptoVerifier.key(subjectPublicKeyInfo: subjectPublicKeyInfo, algorithm: algorithm) == nil ? .libCrypto : .swiftCrypto
    }

    /// "RSA 2048", "EC brainpoolP256r1 (256 bits)" or nil when the key cannot be read.
    static func describe(subjectPublicKeyInfo: [UInt8]) -> String? {
        PublicKey(subjectPublicKeyInfo: subjectPublicKeyInfo)?.description
    }

    /// A plain r||s ECDSA signature as DER `ECDSA-Sig-Value`.
    static func derECDSASignature(plain: [UInt8]) -> [UInt8]? {
        guard !plain.isEmpty, plain.count % 2 == 0, plain.count <= 2 * 66 else { return nil }
        func integer(_ bytes: ArraySlice<UInt8>, into coder: inout DER.Serializer) {
            var trimmed = Array(bytes.drop { $0 == 0 })
            if trimmed.isEmpty || trimmed[0] & 0x80 != 0 { trimmed.insert(0, at: 0) }
            coder.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: trimmed) }
        }
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: .sequence) { coder in
            integer(plain.prefix(plain.count / 2), into: &coder)
            integer(plain.suffix(plain.count / 2), into: &coder)
        }
        return coder.serializedBytes
    }

    /// An EVP_PKEY read from a SubjectPublicKeyInfo, freed with this value.
    final class PublicKey {
        let pointer: OpaquePointer

        init?(subjectPublicKeyInfo: [UInt8]) {
            guard !subjectPublicKeyInfo.isEmpty, subjectPublicKeyInfo.count < 1 << 16 else { return nil }
            let key: OpaquePointer? = subjectPublicKeyInfo.withUnsafeBufferPointer { buffer in
                var cursor: UnsafePointer<UInt8>? = buffer.baseAddress
                return d2i_PUBKEY(nil, &cursor, buffer.count)
            }
            ERR_clear_error()
            guard let key else { return nil }
            pointer = key
        }

        deinit { EVP_PKEY_free(pointer) }

        var baseID: Int32 { EVP_PKEY_get_base_id(pointer) }
        var isRSA: Bool { baseID == EVP_PKEY_RSA || baseID == EVP_PKEY_RSA_PSS }
        var isRSAPSSOnly: Bool { baseID == EVP_PKEY_RSA_PSS }
        var isEC: Bool { baseID == EVP_PKEY_EC }
        var bits: Int { Int(EVP_PKEY_get_bits(pointer)) }

        /// The curve's name, or nil when the key spells its parameters out.
        var curveName: String? {
            var buffer = [CChar](repeating: 0, count: 80)
            var length = 0
            let found = EVP_PKEY_get_utf8_string_param(pointer, "group", &buffer, buffer.count, &length)
            ERR_clear_error()
            guard found == 1 else { return nil }
            return String(decoding: buffer.prefix(length).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }

        var description: String {
            if isRSA { return "RSA \(bits)" }
            if isEC { return "EC \(curveName ?? "explicit parameters") (\(bits) bits)" }
            return "key type \(baseID)"
        }
    }
}
