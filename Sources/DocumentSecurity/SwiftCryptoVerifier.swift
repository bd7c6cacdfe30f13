import Crypto
import SwiftASN1
import _CryptoExtras

/// Checks a signature with swift-crypto, for exactly the keys and algorithms it has the primitive
/// for: ECDSA on a named NIST curve (P-256, P-384, P-521) and RSA keys of 2048 bits or more with
/// PKCS#1 v1.5 or PSS whose MGF1 hash is the message hash and whose salt is the hash's length,
/// each with SHA-1 or SHA-256/384/512. `key` says nil for everything else, which libcrypto checks.
enum SwiftCryptoVerifier {
    /// A public key swift-crypto holds.
    enum Key {
        case p256(P256.Signing.PublicKey)
        case p384(P384.Signing.PublicKey)
        case p521(P521.Signing.PublicKey)
        case rsa(_RSA.Signing.PublicKey)
    }

    static let p256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 3, 1, 7]
    static let p384: ASN1ObjectIdentifier = [1, 3, 132, 0, 34]
    static let p521: ASN1ObjectIdentifier = [1, 3, 132, 0, 35]

    /// The key when swift-crypto can check `algorithm` with it, nil otherwise. The route is
    /// chosen from the SubjectPublicKeyInfo's own AlgorithmIdentifier, not from what swift-crypto
    /// will parse: its NIST key initialisers read only the point (a P-256 key spelt with explicit
    /// parameters parses), and `_RSA.Signing.PublicKey` strips an RSA-PSS key's parameters.
    static func key(subjectPublicKeyInfo spki: [UInt8], algorithm: SignatureAlgorithm) -> Key? {
        guard algorithm.digest != .sha224, let (keyAlgorithm, curve) = Self.keyAlgorithm(spki) else { return nil }
        switch algorithm {
        case .ecdsa, .ecdsaPlain:
            guard keyAlgorithm == DocumentSecurityOIDs.ecPublicKey else { return nil }
            switch curve {
            case Self.p256: return (try? P256.Signing.PublicKey(derRepresentation: spki)).map(Key.p256)
            case Self.p384: return (try? P384.Signing.PublicKey(derRepresentation: spki)).map(Key.p384)
            case Self.p521: return (try? P521.Signing.PublicKey(derRepresentation: spki)).map(Key.p521)
            default: return nil
            }
        case .rsaPSS(let digest, let mgf, let salt):
            guard mgf == digest, salt == digest.length else { return nil }
            fallthrough
        case .rsaPKCS1:
            // derRepresentation takes the SubjectPublicKeyInfo and refuses keys under 2048 bits;
            // BoringSSL also refuses exponents it deems unsafe, and libcrypto checks those.
            guard keyAlgorithm == DocumentSecurityOIDs.rsaEncryption, curve == nil else { return nil }
            return (try? _RSA.Signing.PublicKey(derRepresentation: spki)).map(Key.rsa)
        }
    }

    /// Checks a DER signature (ECDSA's `ECDSA-Sig-Value`, RSA's raw block) over `message`.
    /// `key` must come from `key(subjectPublicKeyInfo:algorithm:)` for the same algorithm.
    static func verify(key: Key, algorithm: SignatureAlgorithm, message: [UInt8], signature: [UInt8]) -> Result<Void, PublicKeyVerifier.Failure> {
        let valid: Bool
        switch key {
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return .failure(.badSignature) }
            valid = Self.withDigest(algorithm.digest, of: message) { key.isValidSignature(parsed, for: $0) }
        case .p384(let key):
            guard let parsed = try? P384.Signing.ECDSASignature(derRepresentation: signature) else { return .failure(.badSignature) }
            valid = Self.withDigest(algorithm.digest, of: message) { key.isValidSignature(parsed, for: $0) }
        case .p521(let key):
            guard let parsed = try? P521.Signing.ECDSASignature(derRepresentation: signature) else { return .failure(.badSignature) }
            valid = Self.withDigest(algorithm.digest, of: message) { key.isValidSignature(parsed, for: $0) }
        case .rsa(let key):
            let padding: _RSA.Signing.Padding
            switch algorithm {
            case .rsaPKCS1: padding = .insecurePKCS1v1_5
            case .rsaPSS: padding = .PSS
            case .ecdsa, .ecdsaPlain: return .failure(.wrongKeyType("\(algorithm) needs an EC key, the key is an RSA key"))
            }
            let parsed = _RSA.Signing.RSASignature(rawRepresentation: signature)
            valid = Self.withDigest(algorithm.digest, of: message) { key.isValidSignature(parsed, for: $0, padding: padding) }
        }
        return valid ? .success(()) : .failure(.badSignature)
    }

    /// Runs `body` with swift-crypto's digest of `message`; false for SHA-224, which it lacks.
    private static func withDigest(_ digest: DigestAlgorithm, of message: [UInt8], _ body: (any Digest) -> Bool) -> Bool {
        switch digest {
        case .sha1: body(Insecure.SHA1.hash(data: message))
        case .sha256: body(SHA256.hash(data: message))
        case .sha384: body(SHA384.hash(data: message))
        case .sha512: body(SHA512.hash(data: message))
        case .sha224: false
        }
    }

    /// The key's algorithm and, when its parameters are one, the named curve's identifier.
    private static func keyAlgorithm(_ spki: [UInt8]) -> (ASN1ObjectIdentifier, ASN1ObjectIdentifier?)? {
        guard let root = try? DER.parse(spki), root.identifier == .sequence, case .constructed(let parts) = root.content else { return nil }
        var outer = parts.makeIterator()
        guard let identifier = outer.next(), identifier.identifier == .sequence, case .constructed(let fields) = identifier.content else { return nil }
        var iterator = fields.makeIterator()
        guard let algorithmNode = iterator.next(), let algorithm = try? ASN1ObjectIdentifier(derEncoded: algorithmNode) else { return nil }
        let curve = iterator.next().flatMap { try? ASN1ObjectIdentifier(derEncoded: $0) }
        return (algorithm, curve)
    }
}
