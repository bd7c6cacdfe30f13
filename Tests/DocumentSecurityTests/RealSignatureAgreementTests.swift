@testable import DocumentSecurity
import Testing

/// Real keys and signatures: every CSCA certificate of the German master list checked with its
/// own key (a self-signed CSCA verifies, a link certificate does not), every real document signer
/// with each CSCA named as its issuer, and each real EF.SOD with its signer. Wherever swift-crypto
/// takes the check, libcrypto, given the same inputs, must reach the same result.
@Suite("swift-crypto and libcrypto agree on real passports' signatures")
struct RealSignatureAgreementTests {
    struct Check {
        let what: String
        let spki: [UInt8]
        let algorithm: SignatureAlgorithm
        let message: [UInt8]
        let signature: [UInt8]
    }

    static func checks() throws -> [Check] {
        let trust = try #require(RealPassportTests.trust)
        var checks = trust.certificates.map {
            Check(what: "CSCA \($0.subject)", spki: $0.subjectPublicKeyInfo, algorithm: $0.signatureAlgorithm, message: $0.tbs, signature: $0.signature)
        }
        for country in RealPassportTests.countries {
            let sod = try SecurityObject(der: try SpecimenFixtures.bytes("gmrtd/sod/\(country).bin"))
            let signer = try #require(sod.documentSigner)
            for issuer in trust.certificates where signer.isNamedIssuer(issuer) {
                checks.append(
                    Check(
                        what: "\(country) signer by \(issuer.subject)", spki: issuer.subjectPublicKeyInfo, algorithm: signer.signatureAlgorithm, message: signer.tbs,
                        signature: signer.signature))
            }
            let info = sod.signedData.signer
            if let attributes = info.signedAttributes, case .success(let algorithm) = info.signatureAlgorithm {
                checks.append(Check(what: "\(country) EF.SOD", spki: signer.subjectPublicKeyInfo, algorithm: algorithm, message: attributes, signature: info.signature))
            }
        }
        return checks
    }

    @Test("every real signature swift-crypto checks gets libcrypto's answer, and most verify")
    func agree() throws {
        var onSwiftCrypto = 0
        var verified = 0
        let checks = try Self.checks()
        for check in checks {
            var signature = check.signature
            if case .ecdsaPlain = check.algorithm {
                guard let der = PublicKeyVerifier.derECDSASignature(plain: signature) else { continue }
                signature = der
            }
            guard let swiftKey = SwiftCryptoVerifier.key(subjectPublicKeyInfo: check.spki, algorithm: check.algorithm),
                let libKey = PublicKeyVerifier.PublicKey(subjectPublicKeyInfo: check.spki)
            else { continue }
            onSwiftCrypto += 1
            let viaSwift = SignatureVerifierPathTests.failure(SwiftCryptoVerifier.verify(key: swiftKey, algorithm: check.algorithm, message: check.message, signature: signature))
            let viaLib = SignatureVerifierPathTests.failure(LibCryptoVerifier.verify(key: libKey, algorithm: check.algorithm, message: check.message, signature: signature))
            #expect(viaSwift == viaLib, "\(check.what), \(check.algorithm)")
            if viaSwift == nil { verified += 1 }
        }
        // The list holds RSA and NIST-curve CSCAs by the hundred; Brainpool ones stay on libcrypto.
        #expect(onSwiftCrypto > 200 && onSwiftCrypto < checks.count, "\(onSwiftCrypto) of \(checks.count)")
        #expect(verified > 200, "\(verified) of \(onSwiftCrypto)")
    }
}
