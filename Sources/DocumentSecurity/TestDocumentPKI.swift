import Foundation
import SwiftASN1
import X509

/// A Country Signing CA and a document signer it issued, for simulated passports, the demo and
/// tests: never for real documents. Certificates are RSA PKCS#1 v1.5 or ECDSA as the keys are.
public struct TestDocumentPKI: Sendable {
    public let cscaKey: DocumentSigningKey
    /// The CSCA certificate, DER.
    public let csca: [UInt8]
    public let documentSignerKey: DocumentSigningKey
    /// The document signer certificate, DER.
    public let documentSigner: [UInt8]
    /// The three-letter code the certificates name ("UTO").
    public let country: String

    /// A CSCA and a document signer for `country` (ICAO code, two letters used in the names:
    /// ISO 3166 alpha-2 is what CSCA names carry; "UT" stands for Utopia), valid from
    /// `notBefore` for `years`. Given the same keys and dates the certificates are the same
    /// bytes when the keys are RSA.
    public static func make(
        country: String = "UT", cscaKey: DocumentSigningKey, documentSignerKey: DocumentSigningKey,
        notBefore: Date, years: Int = 10, documentSignerSerial: [UInt8] = [0x01, 0x02]
    ) throws -> TestDocumentPKI {
        guard let notAfter = DERTime.calendar.date(byAdding: .year, value: years, to: notBefore) else {
            throw DocumentSecurityError.builder("a validity of \(years) years from \(notBefore)")
        }
        let cscaName = try name(country, "Test CSCA")
        let csca = try CertificateWriter.certificate(
            .init(serial: [0x01], issuer: cscaName, subject: cscaName, notBefore: notBefore, notAfter: notAfter, isCA: true, issuerKeyIdentifier: nil),
            publicKey: cscaKey.subjectPublicKeyInfo, signer: cscaKey, algorithm: cscaKey.defaultAlgorithm())
        let documentSigner = try CertificateWriter.certificate(
            .init(serial: documentSignerSerial, issuer: cscaName, subject: try name(country, "Test Document Signer"), notBefore: notBefore, notAfter: notAfter,
                  isCA: false, issuerKeyIdentifier: CertificateWriter.keyIdentifier(cscaKey.subjectPublicKeyInfo)),
            publicKey: documentSignerKey.subjectPublicKeyInfo, signer: cscaKey, algorithm: cscaKey.defaultAlgorithm())
        return TestDocumentPKI(cscaKey: cscaKey, csca: csca, documentSignerKey: documentSignerKey, documentSigner: documentSigner, country: country)
    }

    /// A new PKI with fresh keys of `kind` (EC P-256 unless told).
    public static func generate(country: String = "UT", kind: DocumentSigningKey.Kind = .p256, notBefore: Date) throws -> TestDocumentPKI {
        try make(country: country, cscaKey: try .generate(kind), documentSignerKey: try .generate(kind), notBefore: notBefore)
    }

    /// The trust list holding this PKI's CSCA.
    public var trustList: CSCATrustList {
        get throws { try CSCATrustList(certificates: [csca]) }
    }

    /// A builder that signs EF.SOD with this PKI's document signer.
    public var securityObjectBuilder: SecurityObjectBuilder { SecurityObjectBuilder(certificate: documentSigner, key: documentSignerKey) }

    /// A document signer certificate issued by this CSCA for another key, serial or validity.
    public func issueDocumentSigner(key: DocumentSigningKey, serial: [UInt8], notBefore: Date, notAfter: Date) throws -> [UInt8] {
        try CertificateWriter.certificate(
            .init(serial: serial, issuer: try Self.name(country, "Test CSCA"), subject: try Self.name(country, "Test Document Signer"), notBefore: notBefore,
                  notAfter: notAfter, isCA: false, issuerKeyIdentifier: CertificateWriter.keyIdentifier(cscaKey.subjectPublicKeyInfo)),
            publicKey: key.subjectPublicKeyInfo, signer: cscaKey, algorithm: cscaKey.defaultAlgorithm())
    }

    /// A CRL from this CSCA revoking `serials` (at `thisUpdate`), valid for 90 days.
    public func revocationList(revoking serials: [[UInt8]], thisUpdate: Date) throws -> [UInt8] {
        try CertificateWriter.revocationList(
            issuer: try Self.name(country, "Test CSCA"), revoked: serials, thisUpdate: thisUpdate, nextUpdate: thisUpdate.addingTimeInterval(90 * 86_400),
            revokedAt: thisUpdate, signer: cscaKey, algorithm: cscaKey.defaultAlgorithm())
    }

    /// An ICAO master list of `certificates` (DER CSCAs; this CSCA's alone when nil), signed
    /// by a master list signer that this CSCA issues for `signerKey` (a new P-256 key when nil).
    public func masterList(of certificates: [[UInt8]]? = nil, signerKey: DocumentSigningKey? = nil) throws -> [UInt8] {
        let key = try signerKey ?? DocumentSigningKey.generate(.p256)
        let csca = try DocumentCertificate(der: csca)
        let signer = try CertificateWriter.certificate(
            .init(serial: [0x4D, 0x4C], issuer: try Self.name(country, "Test CSCA"), subject: try Self.name(country, "Test Master List Signer"),
                  notBefore: csca.notBefore, notAfter: csca.notAfter, isCA: false, issuerKeyIdentifier: CertificateWriter.keyIdentifier(cscaKey.subjectPublicKeyInfo)),
            publicKey: key.subjectPublicKeyInfo, signer: cscaKey, algorithm: cscaKey.defaultAlgorithm())
        var content = DER.Serializer()
        try content.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(0)
            coder.appendConstructedNode(identifier: .set) { coder in
                for certificate in (certificates ?? [self.csca]).sorted(by: { $0.lexicographicallyPrecedes($1) }) { coder.serializeRawBytes(certificate) }
            }
        }
        return try CMSWriter(certificate: signer, key: key, algorithm: key.defaultAlgorithm(), includesCertificate: true)
            .signedData(contentType: DocumentSecurityOIDs.cscaMasterList, content: content.serializedBytes)
    }

    static func name(_ country: String, _ commonName: String) throws -> DistinguishedName {
        try DistinguishedName {
            CountryName(country)
            OrganizationName("LaneAgent test PKI")
            CommonName(commonName)
        }
    }
}
