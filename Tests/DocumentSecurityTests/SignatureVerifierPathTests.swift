import Crypto
@testable import DocumentSecurity
import Foundation
import LaneAgentTesting
import Testing

/// Signatures go to swift-crypto where it has the primitive and to libcrypto for the rest; the
/// route must not change what a passport check concludes, so both libraries are held to the
/// same answers on the same keys and signatures.
@Suite("Signature checks: swift-crypto where it can, libcrypto for the rest")
struct SignatureVerifierPathTests {
    typealias Path = PublicKeyVerifier.Path

    static let message = Array("the signed attributes of an EF.SOD".utf8)

    static let p384 = DocumentSigningKey.Kind.ec(curve: "secp384r1")
    static let p521 = DocumentSigningKey.Kind.ec(curve: "secp521r1")
    static let pss32 = SignatureAlgorithm.rsaPSS(.sha256, mgf: .sha256, saltLength: 32)

    /// Key, algorithm, and the library that should check it.
    static let routes: [(DocumentSigningKey.Kind, SignatureAlgorithm, Path)] = [
        (.p256, .ecdsa(.sha256), .swiftCrypto),
        (.p256, .ecdsaPlain(.sha1), .swiftCrypto),
        (p384, .ecdsa(.sha384), .swiftCrypto),
        (p384, .ecdsa(.sha256), .swiftCrypto),
        (p521, .ecdsaPlain(.sha512), .swiftCrypto),
        (.rsa(bits: 2048), .rsaPKCS1(.sha256), .swiftCrypto),
        (.rsa(bits: 2048), .rsaPKCS1(.sha1), .swiftCrypto),
        (.rsa(bits: 3072), .rsaPKCS1(.sha512), .swiftCrypto),
        (.rsa(bits: 2048), pss32, .swiftCrypto),
        (.rsa(bits: 2048), .rsaPSS(.sha512, mgf: .sha512, saltLength: 64), .swiftCrypto),
        // RSASSA-PSS-params' defaults, which many document signers leave implicit.
        (.rsa(bits: 2048), .rsaPSS(.sha1, mgf: .sha1, saltLength: 20), .swiftCrypto),
        (.brainpoolP256r1, .ecdsa(.sha256), .libCrypto),
        (.ec(curve: "brainpoolP384r1"), .ecdsaPlain(.sha384), .libCrypto),
        (.p256, .ecdsa(.sha224), .libCrypto),
        (.rsa(bits: 2048), .rsaPKCS1(.sha224), .libCrypto),
        (.rsa(bits: 1024), .rsaPKCS1(.sha256), .libCrypto),
        (.rsa(bits: 2048), .rsaPSS(.sha256, mgf: .sha256, saltLength: 20), .libCrypto),
        (.rsa(bits: 2048), .rsaPSS(.sha256, mgf: .sha1, saltLength: 32), .libCrypto),
    ]

    @Test("each key and algorithm goes to the library that should check it, and a valid signature passes, a tampered one fails", arguments: routes)
    func route(_ kind: DocumentSigningKey.Kind, _ algorithm: SignatureAlgorithm, _ expected: Path) throws {
        let key = try DocumentSigningKey.generate(kind)
        let spki = key.subjectPublicKeyInfo
        #expect(PublicKeyVerifier.path(subjectPublicKeyInfo: spki, algorithm: algorithm) == expected)
        let signature = try key.sign(Self.message, algorithm: algorithm)
        #expect(Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: spki, algorithm: algorithm, message: Self.message, signature: signature)) == nil)
        #expect(
            Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: spki, algorithm: algorithm, message: Self.message, signature: Self.tampered(signature)))
                == .badSignature)
    }

    @Test("a NIST curve spelt out as explicit parameters goes to libcrypto and verifies there")
    func explicitParameters() async throws {
        let key = try DocumentSigningKey.generate(.p256)
        let explicit = try await Self.explicitParameters(key.subjectPublicKeyInfo)
        #expect(explicit != key.subjectPublicKeyInfo)
        #expect(PublicKeyVerifier.describe(subjectPublicKeyInfo: explicit)?.hasPrefix("EC") == true)
        #expect(PublicKeyVerifier.path(subjectPublicKeyInfo: explicit, algorithm: .ecdsa(.sha256)) == .libCrypto)
        // swift-crypto reads only the point, so its parse alone would not keep this key off its path.
        #expect((try? P256.Signing.PublicKey(derRepresentation: explicit)) != nil)
        let signature = try key.sign(Self.message, algorithm: .ecdsa(.sha256))
        #expect(Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: explicit, algorithm: .ecdsa(.sha256), message: Self.message, signature: signature)) == nil)
        #expect(
            Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: explicit, algorithm: .ecdsa(.sha256), message: Self.message, signature: Self.tampered(signature)))
                == .badSignature)
    }

    @Test("an RSA-PSS-only key goes to libcrypto, which keeps it to PSS")
    func rsaPSSOnlyKey() throws {
        let key = try DocumentSigningKey.generate(.rsa(bits: 2048))
        let pssOnly = try Self.rsaPSSOnly(key.subjectPublicKeyInfo)
        #expect(PublicKeyVerifier.describe(subjectPublicKeyInfo: pssOnly) == "RSA 2048")
        for algorithm in [Self.pss32, .rsaPKCS1(.sha256)] {
            #expect(PublicKeyVerifier.path(subjectPublicKeyInfo: pssOnly, algorithm: algorithm) == .libCrypto)
        }
        let pss = try key.sign(Self.message, algorithm: Self.pss32)
        #expect(Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: pssOnly, algorithm: Self.pss32, message: Self.message, signature: pss)) == nil)
        // swift-crypto would strip the key's PSS restriction and accept PKCS#1 v1.5 with it.
        let pkcs1 = try key.sign(Self.message, algorithm: .rsaPKCS1(.sha256))
        #expect(Self.failure(PublicKeyVerifier.verify(subjectPublicKeyInfo: pssOnly, algorithm: .rsaPKCS1(.sha256), message: Self.message, signature: pkcs1)) == .badSignature)
    }

    /// The swift-crypto cases, each with the wrong signatures both libraries are given.
    static let shared: [(DocumentSigningKey.Kind, SignatureAlgorithm)] = routes.filter { $0.2 == .swiftCrypto }.map { ($0.0, $0.1) }

    @Test("swift-crypto and libcrypto give the same answer on the same valid, tampered, truncated and foreign signatures", arguments: shared)
    func bothAgree(_ kind: DocumentSigningKey.Kind, _ algorithm: SignatureAlgorithm) throws {
        let key = try DocumentSigningKey.generate(kind)
        let other = try DocumentSigningKey.generate(kind)
        let spki = key.subjectPublicKeyInfo
        let swiftKey = try #require(SwiftCryptoVerifier.key(subjectPublicKeyInfo: spki, algorithm: algorithm))
        let libKey = try #require(PublicKeyVerifier.PublicKey(subjectPublicKeyInfo: spki))
        let signature = try Self.der(key.sign(Self.message, algorithm: algorithm), algorithm)
        var otherMessage = Self.message
        otherMessage[0] ^= 1
        let cases: [(String, [UInt8], [UInt8], PublicKeyVerifier.Failure?)] = [
            ("valid", Self.message, signature, nil),
            ("tampered signature", Self.message, Self.tampered(signature), .badSignature),
            ("other message", otherMessage, signature, .badSignature),
            ("truncated", Self.message, Array(signature.dropLast()), .badSignature),
            ("extended", Self.message, signature + [0], .badSignature),
            ("empty", Self.message, [], .badSignature),
            ("another key's", Self.message, try Self.der(other.sign(Self.message, algorithm: algorithm), algorithm), .badSignature),
        ]
        for (name, message, candidate, expected) in cases {
            let viaSwift = Self.failure(SwiftCryptoVerifier.verify(key: swiftKey, algorithm: algorithm, message: message, signature: candidate))
            let viaLib = Self.failure(LibCryptoVerifier.verify(key: libKey, algorithm: algorithm, message: message, signature: candidate))
            #expect(viaSwift == expected, "swift-crypto, \(name)")
            #expect(viaLib == expected, "libcrypto, \(name)")
        }
    }

    @Test("a PSS signature with another salt fails on both libraries when the algorithm names salt 32")
    func pssSaltIsExact() throws {
        let key = try DocumentSigningKey.generate(.rsa(bits: 2048))
        let spki = key.subjectPublicKeyInfo
        let salt20 = try key.sign(Self.message, algorithm: .rsaPSS(.sha256, mgf: .sha256, saltLength: 20))
        let swiftKey = try #require(SwiftCryptoVerifier.key(subjectPublicKeyInfo: spki, algorithm: Self.pss32))
        let libKey = try #require(PublicKeyVerifier.PublicKey(subjectPublicKeyInfo: spki))
        #expect(Self.failure(SwiftCryptoVerifier.verify(key: swiftKey, algorithm: Self.pss32, message: Self.message, signature: salt20)) == .badSignature)
        #expect(Self.failure(LibCryptoVerifier.verify(key: libKey, algorithm: Self.pss32, message: Self.message, signature: salt20)) == .badSignature)
        let pkcs1 = try key.sign(Self.message, algorithm: .rsaPKCS1(.sha256))
        #expect(Self.failure(SwiftCryptoVerifier.verify(key: swiftKey, algorithm: Self.pss32, message: Self.message, signature: pkcs1)) == .badSignature)
        #expect(Self.failure(LibCryptoVerifier.verify(key: libKey, algorithm: Self.pss32, message: Self.message, signature: pkcs1)) == .badSignature)
    }

    @Test("a PKCS#1 v1.5 DigestInfo without its NULL parameters gets the same answer from both libraries")
    func digestInfoWithoutNull() throws {
        let key = try DocumentSigningKey.generate(.rsa(bits: 2048))
        let spki = key.subjectPublicKeyInfo
        let algorithm = SignatureAlgorithm.rsaPKCS1(.sha256)
        let swiftKey = try #require(SwiftCryptoVerifier.key(subjectPublicKeyInfo: spki, algorithm: algorithm))
        let libKey = try #require(PublicKeyVerifier.PublicKey(subjectPublicKeyInfo: spki))
        let oid: [UInt8] = [0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01]
        let hash = DigestAlgorithm.sha256.hash(Self.message)
        let withNull = [0x30, 0x31, 0x30, 0x0D] + oid + [0x05, 0x00, 0x04, 0x20] + hash
        let withoutNull = [0x30, 0x2F, 0x30, 0x0B] + oid + [0x04, 0x20] + hash
        var answers: [PublicKeyVerifier.Failure?] = []
        for digestInfo in [withNull, withoutNull] {
            // EMSA-PKCS1-v1_5: 00 01 FF…FF 00 DigestInfo, signed with the raw private-key operation.
            let block = [0x00, 0x01] + [UInt8](repeating: 0xFF, count: key.size - 3 - digestInfo.count) + [0x00] + digestInfo
            let signature = try key.rawRSA(block)
            let viaSwift = Self.failure(SwiftCryptoVerifier.verify(key: swiftKey, algorithm: algorithm, message: Self.message, signature: signature))
            let viaLib = Self.failure(LibCryptoVerifier.verify(key: libKey, algorithm: algorithm, message: Self.message, signature: signature))
            #expect(viaSwift == viaLib, "\(digestInfo.count)-byte DigestInfo")
            answers.append(viaLib)
        }
        // RFC 8017 lets a verifier accept the shorter form; neither library does, so neither route does.
        #expect(answers == [nil, .badSignature])
    }

    /// The failure, or nil when the signature verified (Result<Void, _> is not Equatable).
    static func failure(_ result: Result<Void, PublicKeyVerifier.Failure>) -> PublicKeyVerifier.Failure? {
        if case .failure(let failure) = result { return failure }
        return nil
    }

    /// The last byte changed: still the right length and, for DER, still well formed.
    static func tampered(_ signature: [UInt8]) -> [UInt8] {
        var changed = signature
        changed[changed.count - 1] ^= 0x01
        return changed
    }

    /// The signature as the verifiers take it: plain r||s turned to DER as the dispatcher does.
    static func der(_ signature: [UInt8], _ algorithm: SignatureAlgorithm) throws -> [UInt8] {
        guard case .ecdsaPlain = algorithm else { return signature }
        return try #require(PublicKeyVerifier.derECDSASignature(plain: signature))
    }

    /// The key with its curve written out as explicit parameters, by the openssl command.
    static func explicitParameters(_ spki: [UInt8]) async throws -> [UInt8] {
        let folder = TemporaryDirectory("explicit-ec")
        try Data(spki).write(to: URL(fileURLWithPath: folder.file("named.der")))
        let output = try await CommandRunner.run(
            "/usr/bin/openssl",
            ["ec", "-pubin", "-inform", "DER", "-in", folder.file("named.der"), "-param_enc", "explicit", "-pubout", "-outform", "DER", "-out", folder.file("explicit.der")])
        #expect(output.status == 0, "\(output.stderr)")
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.file("explicit.der"))))
    }

    /// An RSA SubjectPublicKeyInfo relabelled id-RSASSA-PSS without parameters: a key for PSS only.
    static func rsaPSSOnly(_ spki: [UInt8]) throws -> [UInt8] {
        // rsaEncryption's AlgorithmIdentifier with NULL, then the same with id-RSASSA-PSS and nothing.
        let rsaEncryption: [UInt8] = [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x01, 0x05, 0x00]
        let rsaPSS: [UInt8] = [0x30, 0x0B, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x0A]
        let range = try #require(spki.firstRange(of: rsaEncryption))
        var body = spki[range.upperBound...]
        body = rsaPSS[...] + body
        // A 2048-bit key's SubjectPublicKeyInfo is 294 bytes: a two-byte length after 0x30 0x82.
        let length = body.count
        return [0x30, 0x82, UInt8(length >> 8), UInt8(length & 0xFF)] + body
    }
}
