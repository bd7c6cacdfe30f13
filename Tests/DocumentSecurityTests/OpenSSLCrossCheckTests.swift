import DocumentSecurity
import Foundation
import LaneAgentTesting
import Testing

/// What our builder writes, an independent implementation accepts: OpenSSL's `cms -verify`
/// checks each built EF.SOD's signature and its document signer's chain to the CSCA, and
/// returns the LDS security object whose hashes we wrote.
@Suite("Built EF.SOD checked by OpenSSL's cms -verify")
struct OpenSSLCrossCheckTests {
    static func pem(_ der: [UInt8]) -> String {
        "-----BEGIN CERTIFICATE-----\n" + Data(der).base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed]) + "\n-----END CERTIFICATE-----\n"
    }

    @Test("openssl cms -verify accepts a built EF.SOD and its chain", arguments: [
        (DocumentSigningKey.Kind.p256, nil), (.brainpoolP256r1, nil), (.rsa(bits: 2048), SignatureAlgorithm.rsaPSS(.sha256, mgf: .sha256, saltLength: 32)),
        (.rsa(bits: 2048), .rsaPKCS1(.sha256)),
    ] as [(DocumentSigningKey.Kind, SignatureAlgorithm?)])
    func openSSLVerifies(_ kind: DocumentSigningKey.Kind, _ algorithm: SignatureAlgorithm?) async throws {
        let folder = TemporaryDirectory("openssl-cms")
        // Valid today, as openssl checks the chain at the current time.
        let pki = try TestDocumentPKI.generate(kind: kind, notBefore: Date().addingTimeInterval(-86_400))
        var builder = pki.securityObjectBuilder
        builder.signatureAlgorithm = algorithm
        let sod = try builder.build(dataGroups: BuiltPassportTests.dataGroups)
        // EF.SOD without its 0x77 tag and 4-byte length header is the CMS ContentInfo.
        let header = sod[1] & 0x80 == 0 ? 2 : 2 + Int(sod[1] & 0x7F)
        try Data(sod.dropFirst(header)).write(to: URL(fileURLWithPath: folder.file("sod.p7")))
        try Self.pem(pki.csca).write(toFile: folder.file("csca.pem"), atomically: true, encoding: .utf8)
        let output = try await CommandRunner.run(
            "/usr/bin/openssl",
            ["cms", "-verify", "-inform", "DER", "-in", folder.file("sod.p7"), "-CAfile", folder.file("csca.pem"), "-purpose", "any", "-binary", "-out", folder.file("lds.der")])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stderr.contains("Verification successful"))
        let content = try [UInt8](Data(contentsOf: URL(fileURLWithPath: folder.file("lds.der"))))
        let hash = DigestAlgorithm.sha256.hash(BuiltPassportTests.dataGroups[1]!)
        #expect(content.count > 100 && content.firstRange(of: hash) != nil)
    }
}
