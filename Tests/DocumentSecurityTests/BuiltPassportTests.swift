import DocumentSecurity
import Foundation
import Testing

/// EF.SOD made by `SecurityObjectBuilder` under a `TestDocumentPKI`, proved by passive
/// authentication, for every key type a passport PKI uses.
@Suite("Passive authentication of built passports")
struct BuiltPassportTests {
    static let issued = Date(timeIntervalSince1970: 1_750_000_000)  // 2025-06-15
    static let checked = Date(timeIntervalSince1970: 1_780_000_000)  // 2026-05-28
    static let dataGroups: [Int: [UInt8]] = [1: Array("a DG1 stand-in".utf8), 2: [0x75, 0x03, 0x01, 0x02, 0x03], 15: Array("a DG15 stand-in".utf8)]

    static let kinds: [DocumentSigningKey.Kind] = [
        .p256, .ec(curve: "secp384r1"), .ec(curve: "secp521r1"), .brainpoolP256r1, .ec(curve: "brainpoolP384r1"), .ec(curve: "brainpoolP512r1"), .rsa(bits: 2048),
    ]

    @Test("A SOD signed by the document signer of a trusted CSCA passes, on every curve and RSA", arguments: kinds)
    func passes(_ kind: DocumentSigningKey.Kind) throws {
        let pki = try TestDocumentPKI.generate(kind: kind, notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.dataGroups)
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.dataGroups, trust: try pki.trustList, at: Self.checked)
        #expect(report.failures == [])
        #expect(report.outcome == .passed)
        #expect(report.anchor == "CN=Test CSCA,O=LaneAgent test PKI,C=UT")
        #expect(report.signer == "CN=Test Document Signer,O=LaneAgent test PKI,C=UT")
        #expect(report.check.outcome == .passed)
        #expect(report.check.method == "PA")
    }

    @Test("RSASSA-PSS and SHA-1/224/384/512 signatures pass", arguments: [
        SignatureAlgorithm.rsaPSS(.sha256, mgf: .sha256, saltLength: 32), .rsaPSS(.sha512, mgf: .sha512, saltLength: 64), .rsaPSS(.sha1, mgf: .sha1, saltLength: 20),
        .rsaPKCS1(.sha1), .rsaPKCS1(.sha224), .rsaPKCS1(.sha384), .rsaPKCS1(.sha512),
    ])
    func rsaAlgorithms(_ algorithm: SignatureAlgorithm) throws {
        let pki = try TestDocumentPKI.generate(kind: .rsa(bits: 2048), notBefore: Self.issued)
        var builder = pki.securityObjectBuilder
        builder.signatureAlgorithm = algorithm
        builder.hashAlgorithm = algorithm.digest
        let sod = try builder.build(dataGroups: Self.dataGroups)
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: Self.dataGroups, trust: try pki.trustList, at: Self.checked)
        #expect(report.failures == [])
        #expect(report.outcome == .passed)
        #expect(report.steps.contains { $0.hasPrefix("ok: EF.SOD's signature verifies: \(algorithm), RSA 2048") })
    }

    @Test("With RSA keys the same data groups give the same EF.SOD bytes")
    func deterministic() throws {
        let csca = try DocumentSigningKey.generate(.rsa(bits: 2048))
        let signer = try DocumentSigningKey.generate(.rsa(bits: 2048))
        let first = try TestDocumentPKI.make(cscaKey: csca, documentSignerKey: signer, notBefore: Self.issued)
        let again = try TestDocumentPKI.make(
            cscaKey: try DocumentSigningKey(derRepresentation: csca.derRepresentation), documentSignerKey: try DocumentSigningKey(derRepresentation: signer.derRepresentation),
            notBefore: Self.issued)
        #expect(first.csca == again.csca)
        #expect(first.documentSigner == again.documentSigner)
        #expect(try first.securityObjectBuilder.build(dataGroups: Self.dataGroups) == again.securityObjectBuilder.build(dataGroups: Self.dataGroups))
    }

    @Test("An altered data group fails, naming it, and the rest still pass")
    func alteredDataGroup() throws {
        let pki = try TestDocumentPKI.generate(notBefore: Self.issued)
        let sod = try pki.securityObjectBuilder.build(dataGroups: Self.dataGroups)
        var altered = Self.dataGroups
        altered[1]![3] ^= 0x01
        let report = PassiveAuthentication.verify(sodBytes: sod, dataGroups: altered, trust: try pki.trustList, at: Self.checked)
        #expect(report.outcome == .failed)
        #expect(report.failedDataGroups == [1])
        #expect(report.failures == ["DG1's hash does not match EF.SOD: the data group was altered or misread"])
        #expect(report.steps.contains("ok: DG2's SHA-256 hash matches EF.SOD"))
        #expect(report.check == .init(outcome: .failed, method: "PA", detail: "DG1's hash does not match EF.SOD: the data group was altered or misread"))
    }
}
