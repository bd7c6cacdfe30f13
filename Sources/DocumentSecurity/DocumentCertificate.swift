import Foundation
import SwiftASN1
import X509

/// An X.509 certificate as ICAO 9303 uses it (CSCA, document signer, master list signer), parsed
/// here rather than by swift-certificates because passports' keys include Brainpool curves,
/// explicit curve parameters and RSA-PSS, which `X509.Certificate` refuses.
public struct DocumentCertificate: Sendable, Hashable {
    /// The whole certificate, DER.
    public let der: [UInt8]
    /// The signed part, DER: what the issuer's signature covers.
    let tbs: [UInt8]
    /// The serial number's content bytes (big-endian, as encoded).
    public let serialNumber: [UInt8]
    public let issuer: DistinguishedName
    public let subject: DistinguishedName
    /// The encoded issuer and subject names, compared byte for byte first.
    let issuerDER: [UInt8]
    let subjectDER: [UInt8]
    public let notBefore: Date
    public let notAfter: Date
    /// SubjectPublicKeyInfo, DER.
    public let subjectPublicKeyInfo: [UInt8]
    public let subjectKeyIdentifier: [UInt8]?
    public let authorityKeyIdentifier: [UInt8]?
    public let signatureAlgorithm: SignatureAlgorithm
    public let signature: [UInt8]

    /// Parses a DER certificate; throws `DocumentSecurityError` naming what is wrong.
    public init(der: [UInt8]) throws {
        try self.init(node: DERNode.parse(der[...], "a certificate"))
    }

    init(node: DERNode) throws {
        let node = node.renamed("a certificate")
        let parts = try node.children()
        guard parts.count == 3 else { throw DocumentSecurityError.malformed(node.context, "it has \(parts.count) parts, not 3") }
        der = Array(node.encoded)
        tbs = Array(parts[0].encoded)
        signatureAlgorithm = try SignatureAlgorithm.parse(parts[1])
        signature = try parts[2].bitStringBytes()

        var fields = try parts[0].children()[...]
        if let first = fields.first, first.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            fields = fields.dropFirst()
        }
        let tbsFields = Array(fields)
        serialNumber = Array(try tbsFields.element(0, "the serial number").primitive(.integer))
        let issuerNode = try tbsFields.element(2, "the issuer")
        let validity = try tbsFields.element(3, "the validity").children()
        let subjectNode = try tbsFields.element(4, "the subject")
        let spki = try tbsFields.element(5, "the public key")
        _ = try spki.children()
        do {
            issuer = try DistinguishedName(derEncoded: issuerNode.node)
            subject = try DistinguishedName(derEncoded: subjectNode.node)
        } catch {
            throw DocumentSecurityError.malformed(node.context, "a name is not valid (\(error))")
        }
        issuerDER = Array(issuerNode.encoded)
        subjectDER = Array(subjectNode.encoded)
        notBefore = try DERTime.parse(try validity.element(0, "notBefore"))
        notAfter = try DERTime.parse(try validity.element(1, "notAfter"))
        subjectPublicKeyInfo = Array(spki.encoded)

        var ski: [UInt8]?
        var aki: [UInt8]?
        for field in tbsFields.dropFirst(6) where field.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific) {
            for extensionNode in try field.explicitContent(3).children() {
                let items = try extensionNode.children()
                let oid = try items.element(0, "an extension's identifier").objectIdentifier()
                guard let valueNode = items.last, valueNode.identifier == .octetString else {
                    throw DocumentSecurityError.malformed(node.context, "extension \(oid) has no value")
                }
                let value = try valueNode.octets()
                if oid == DocumentSecurityOIDs.subjectKeyIdentifier {
                    ski = try DERNode.parse(value[...], "the subject key identifier").octets()
                } else if oid == DocumentSecurityOIDs.authorityKeyIdentifier {
                    let keyIdTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
                    let akiParts = try DERNode.parse(value[...], "the authority key identifier").children()
                    aki = try akiParts.first { $0.identifier == keyIdTag }.map { Array(try $0.primitive(keyIdTag)) }
                }
            }
        }
        subjectKeyIdentifier = ski
        authorityKeyIdentifier = aki
    }

    /// The certificate as swift-certificates reads it, when its key type is one that library knows.
    public var x509: Certificate? { try? Certificate(derEncoded: der) }

    /// True when `issuer` could have issued this certificate: the names match and, when both
    /// carry key identifiers, the authority key identifier names the issuer's key.
    func isNamedIssuer(_ issuer: DocumentCertificate) -> Bool {
        guard issuerDER == issuer.subjectDER || self.issuer == issuer.subject
            || self.issuer.description.lowercased() == issuer.subject.description.lowercased()
        else { return false }
        if let aki = authorityKeyIdentifier, let ski = issuer.subjectKeyIdentifier { return aki == ski }
        return true
    }

    /// A name's attributes as text, lowercased, spaces collapsed and sorted: for a SignerInfo
    /// that spells its signer's issuer with other string types, spacing or RDN order (Malaysia's).
    static func normalisedName(_ der: [UInt8]) -> [String]? {
        guard let node = try? DERNode.parse(der[...], "a name"), let name = try? DistinguishedName(derEncoded: node.node) else { return nil }
        return name.map { $0.description.lowercased().split(whereSeparator: \.isWhitespace).joined(separator: " ") }.sorted()
    }

    /// "valid 2024-01-01 to 2034-01-01".
    var validityDescription: String { "valid \(DERTime.day(notBefore)) to \(DERTime.day(notAfter))" }

    /// The serial number in hex, for reports.
    var serialHex: String { serialNumber.map { String(format: "%02X", $0) }.joined() }
}
