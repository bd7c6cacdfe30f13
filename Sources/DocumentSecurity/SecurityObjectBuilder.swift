import SwiftASN1

/// Writes EF.SOD for a set of data groups: CMS SignedData over an LDSSecurityObject with signed
/// content-type and message-digest attributes, signed by a document signer, wrapped in 0x77.
/// The same data groups and key give the same bytes with RSA PKCS#1 v1.5 (ECDSA and PSS
/// signatures are randomised, every one of them valid).
public struct SecurityObjectBuilder: Sendable {
    /// The document signer's certificate (DER), carried in EF.SOD.
    public var certificate: [UInt8]
    public var key: DocumentSigningKey
    /// The hash over each data group.
    public var hashAlgorithm: DigestAlgorithm = .sha256
    /// The signature algorithm; nil for the key's own default with SHA-256.
    public var signatureAlgorithm: SignatureAlgorithm?
    /// False to leave the certificate out (a SOD whose signer must come from elsewhere).
    public var includesCertificate = true

    public init(certificate: [UInt8], key: DocumentSigningKey) {
        self.certificate = certificate
        self.key = key
    }

    /// EF.SOD over `dataGroups` (by number, each the whole file with its tag).
    public func build(dataGroups: [Int: [UInt8]]) throws -> [UInt8] {
        guard !dataGroups.isEmpty, dataGroups.keys.allSatisfy({ (1...16).contains($0) }) else {
            throw DocumentSecurityError.builder("EF.SOD needs data groups numbered 1 to 16, given \(dataGroups.keys.sorted())")
        }
        let content = try securityObject(dataGroups)
        let contentInfo = try CMSWriter(certificate: certificate, key: key, algorithm: signatureAlgorithm ?? key.defaultAlgorithm(), includesCertificate: includesCertificate)
            .signedData(contentType: DocumentSecurityOIDs.ldsSecurityObject, content: content)
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 23, tagClass: .application)) { $0.serializeRawBytes(contentInfo) }
        return coder.serializedBytes
    }

    private func securityObject(_ dataGroups: [Int: [UInt8]]) throws -> [UInt8] {
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(0)
            try AlgorithmIdentifierWriter.digest(hashAlgorithm, into: &coder)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                for number in dataGroups.keys.sorted() {
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(number)
                        try coder.serialize(ASN1OctetString(contentBytes: hashAlgorithm.hash(dataGroups[number] ?? [])[...]))
                    }
                }
            }
        }
        return coder.serializedBytes
    }
}
