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
        let signer = try DocumentCertificate(der: certificate)
        let algorithm = signatureAlgorithm ?? key.defaultAlgorithm()
        let content = try securityObject(dataGroups)
        let attributes = try signedAttributes(content: content, digest: algorithm.digest)
        let signature = try key.sign(attributes, algorithm: algorithm)

        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 23, tagClass: .application)) { coder in
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(DocumentSecurityOIDs.signedData)
                try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(3)
                        try coder.appendConstructedNode(identifier: .set) { try AlgorithmIdentifierWriter.digest(algorithm.digest, into: &$0) }
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            try coder.serialize(DocumentSecurityOIDs.ldsSecurityObject)
                            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                                try coder.serialize(ASN1OctetString(contentBytes: content[...]))
                            }
                        }
                        if includesCertificate {
                            coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { $0.serializeRawBytes(certificate) }
                        }
                        try coder.appendConstructedNode(identifier: .set) { coder in
                            try signerInfo(signer, algorithm, attributes, signature, into: &coder)
                        }
                    }
                }
            }
        }
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

    /// The signed attributes as a DER SET (what the signature covers); EF.SOD stores them [0]-tagged.
    private func signedAttributes(content: [UInt8], digest: DigestAlgorithm) throws -> [UInt8] {
        func attribute(_ type: ASN1ObjectIdentifier, _ value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
            var coder = DER.Serializer()
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(type)
                try coder.appendConstructedNode(identifier: .set, value)
            }
            return coder.serializedBytes
        }
        let encoded = [
            try attribute(DocumentSecurityOIDs.contentTypeAttribute) { try $0.serialize(DocumentSecurityOIDs.ldsSecurityObject) },
            try attribute(DocumentSecurityOIDs.messageDigestAttribute) { try $0.serialize(ASN1OctetString(contentBytes: digest.hash(content)[...])) },
        ]
        // DER orders a SET OF by the encodings.
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: .set) { coder in
            for item in encoded.sorted(by: { $0.lexicographicallyPrecedes($1) }) { coder.serializeRawBytes(item) }
        }
        return coder.serializedBytes
    }

    private func signerInfo(_ signer: DocumentCertificate, _ algorithm: SignatureAlgorithm, _ attributes: [UInt8], _ signature: [UInt8], into coder: inout DER.Serializer) throws {
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            coder.appendConstructedNode(identifier: .sequence) { coder in
                coder.serializeRawBytes(signer.issuerDER)
                coder.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: signer.serialNumber) }
            }
            try AlgorithmIdentifierWriter.digest(algorithm.digest, into: &coder)
            var tagged = attributes
            tagged[0] = 0xA0
            coder.serializeRawBytes(tagged)
            try AlgorithmIdentifierWriter.signature(algorithm, into: &coder)
            try coder.serialize(ASN1OctetString(contentBytes: signature[...]))
        }
    }
}
