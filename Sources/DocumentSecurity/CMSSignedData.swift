import SwiftASN1

/// CMS SignedData (RFC 5652) as ICAO 9303 uses it for EF.SOD and master lists: one signer,
/// the certificates it carries, and the encapsulated content it signs.
struct CMSSignedData: Sendable, Equatable {
    /// eContentType: what the encapsulated content is.
    let contentType: ASN1ObjectIdentifier
    /// The encapsulated content's bytes (the OCTET STRING's value).
    let content: [UInt8]
    let certificates: [DocumentCertificate]
    let signer: CMSSignerInfo

    /// At most this many certificates or signers are read: a SOD carries one of each, a master
    /// list a few hundred certificates (inside its content, not here).
    static let maximumCertificates = 64

    init(der: [UInt8], context: String) throws {
        var root = try DERNode.parse(der[...], context)
        // EF.SOD is wrapped in application tag 23 (0x77); a master list is not.
        if root.identifier == ASN1Identifier(tagWithNumber: 23, tagClass: .application) {
            let inner = try root.children(root.identifier)
            guard inner.count == 1 else { throw DocumentSecurityError.malformed(context, "the 0x77 wrapper holds \(inner.count) values, not 1") }
            root = inner[0]
        }
        let contentInfo = try root.children()
        let outerType = try contentInfo.element(0, "the content type").objectIdentifier()
        guard outerType == DocumentSecurityOIDs.signedData else {
            throw DocumentSecurityError.unsupported(context, "content type \(outerType) (expected CMS SignedData 1.2.840.113549.1.7.2)")
        }
        let signedData = try contentInfo.element(1, "the signed data").explicitContent(0).children()
        let version = try signedData.element(0, "the version").smallInteger()
        guard (1...5).contains(version) else { throw DocumentSecurityError.unsupported(context, "SignedData version \(version)") }
        _ = try signedData.element(1, "the digest algorithms").children(.set)

        let encapsulated = try signedData.element(2, "the encapsulated content").children()
        contentType = try encapsulated.element(0, "the encapsulated content type").objectIdentifier()
        content = try encapsulated.element(1, "the encapsulated content").explicitContent(0).octets()

        var certificates: [DocumentCertificate] = []
        var signerInfos: [DERNode] = []
        for field in signedData.dropFirst(3) {
            switch (field.identifier.tagClass, field.identifier.tagNumber) {
            case (.contextSpecific, 0):
                let items = try field.children(field.identifier)
                guard items.count <= Self.maximumCertificates else {
                    throw DocumentSecurityError.malformed(context, "it carries \(items.count) certificates, more than \(Self.maximumCertificates)")
                }
                // Only X.509 certificates (SEQUENCE); other CertificateChoices are skipped.
                for item in items where item.identifier == .sequence {
                    certificates.append(try DocumentCertificate(node: item))
                }
            case (.contextSpecific, 1): continue
            case (.universal, _) where field.identifier == .set: signerInfos = try field.children(.set)
            default: throw DocumentSecurityError.malformed(context, "SignedData holds an unexpected field \(field.identifier)")
            }
        }
        guard signerInfos.count == 1 else {
            throw DocumentSecurityError.unsupported(context, "\(signerInfos.count) signers (ICAO 9303 requires exactly one)")
        }
        self.certificates = certificates
        signer = try CMSSignerInfo(node: signerInfos[0].renamed(context + " SignerInfo"))
    }

    /// The carried certificate the signer names, if any.
    var signerCertificate: DocumentCertificate? {
        certificates.first { signer.identifier.matches($0) }
    }
}

/// How a SignerInfo names its certificate.
enum CMSSignerIdentifier: Sendable, Hashable {
    case issuerAndSerial(issuer: [UInt8], serial: [UInt8])
    case subjectKeyIdentifier([UInt8])

    func matches(_ certificate: DocumentCertificate) -> Bool {
        switch self {
        case .issuerAndSerial(let issuer, let serial):
            // Some issuers spell the name differently in the SignerInfo (string type, spacing):
            // the serial must match exactly, the name as RFC 5280 compares names, loosely.
            serial == certificate.serialNumber
                && (issuer == certificate.issuerDER || DocumentCertificate.normalisedName(issuer) == DocumentCertificate.normalisedName(certificate.issuerDER))
        case .subjectKeyIdentifier(let identifier): identifier == certificate.subjectKeyIdentifier
        }
    }
}

/// A CMS SignerInfo: who signed, over what attributes, with which algorithm.
struct CMSSignerInfo: Sendable, Equatable {
    let identifier: CMSSignerIdentifier
    let digestAlgorithm: DigestAlgorithm
    /// The signed attributes as DER with the SET tag: what the signature covers. Nil when the
    /// signature is over the content itself.
    let signedAttributes: [UInt8]?
    /// The content-type and message-digest attributes' values, when present.
    let contentTypeAttribute: ASN1ObjectIdentifier?
    let messageDigestAttribute: [UInt8]?
    /// The signature algorithm, or why it cannot be used: kept so that verification can say so.
    let signatureAlgorithm: Result<SignatureAlgorithm, DocumentSecurityError>
    let signature: [UInt8]

    init(node: DERNode) throws {
        let parts = try node.children()
        _ = try parts.element(0, "the version").smallInteger()
        let sid = try parts.element(1, "the signer identifier")
        if sid.identifier == .sequence {
            let issuerAndSerial = try sid.children()
            identifier = .issuerAndSerial(
                issuer: Array(try issuerAndSerial.element(0, "the issuer").encoded),
                serial: Array(try issuerAndSerial.element(1, "the serial number").primitive(.integer)))
        } else if sid.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
            identifier = .subjectKeyIdentifier(Array(try sid.primitive(sid.identifier)))
        } else {
            throw DocumentSecurityError.malformed(node.context, "the signer identifier has tag \(sid.identifier)")
        }
        digestAlgorithm = try DigestAlgorithm.parse(try parts.element(2, "the digest algorithm"))

        var index = 3
        let signedTag = ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        var contentType: ASN1ObjectIdentifier?
        var messageDigest: [UInt8]?
        if let attributes = parts.dropFirst(index).first, attributes.identifier == signedTag {
            for attribute in try attributes.children(signedTag) {
                let fields = try attribute.children()
                let type = try fields.element(0, "an attribute's type").objectIdentifier()
                let values = try fields.element(1, "an attribute's values").children(.set)
                guard values.count == 1 else { continue }
                if type == DocumentSecurityOIDs.contentTypeAttribute {
                    contentType = try values[0].objectIdentifier()
                } else if type == DocumentSecurityOIDs.messageDigestAttribute {
                    messageDigest = try values[0].octets()
                }
            }
            var encoded = Array(attributes.encoded)
            encoded[0] = 0x31
            signedAttributes = encoded
            index += 1
        } else {
            signedAttributes = nil
        }
        contentTypeAttribute = contentType
        messageDigestAttribute = messageDigest
        let algorithmNode = try parts.element(index, "the signature algorithm")
        do {
            signatureAlgorithm = .success(try SignatureAlgorithm.parse(algorithmNode, digestHint: digestAlgorithm))
        } catch let error as DocumentSecurityError {
            signatureAlgorithm = .failure(error)
        }
        signature = try parts.element(index + 1, "the signature").octets()
    }
}
