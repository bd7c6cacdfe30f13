import SwiftASN1

/// Writes a CMS SignedData ContentInfo (RFC 5652) as ICAO 9303 uses it: one signer named by
/// issuer and serial, signed content-type and message-digest attributes, the signer's
/// certificate carried unless told not to. EF.SOD and master lists are both made with it.
struct CMSWriter {
    let certificate: [UInt8]
    let key: DocumentSigningKey
    let algorithm: SignatureAlgorithm
    let includesCertificate: Bool

    func signedData(contentType: ASN1ObjectIdentifier, content: [UInt8]) throws -> [UInt8] {
        let signer = try DocumentCertificate(der: certificate)
        let attributes = try signedAttributes(contentType: contentType, content: content)
        let signature = try key.sign(attributes, algorithm: algorithm)
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(DocumentSecurityOIDs.signedData)
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(3)
                    try coder.appendConstructedNode(identifier: .set) { try AlgorithmIdentifierWriter.digest(algorithm.digest, into: &$0) }
                    try coder.appendConstructedNode(identifier: .sequence) { coder in
                        try coder.serialize(contentType)
                        try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { coder in
                            try coder.serialize(ASN1OctetString(contentBytes: content[...]))
                        }
                    }
                    if includesCertificate {
                        coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { $0.serializeRawBytes(certificate) }
                    }
                    try coder.appendConstructedNode(identifier: .set) { coder in
                        try signerInfo(signer, attributes, signature, into: &coder)
                    }
                }
            }
        }
        return coder.serializedBytes
    }

    /// The signed attributes as a DER SET (what the signature covers); SignerInfo stores them [0]-tagged.
    private func signedAttributes(contentType: ASN1ObjectIdentifier, content: [UInt8]) throws -> [UInt8] {
        func attribute(_ type: ASN1ObjectIdentifier, _ value: (inout DER.Serializer) throws -> Void) throws -> [UInt8] {
            var coder = DER.Serializer()
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(type)
                try coder.appendConstructedNode(identifier: .set, value)
            }
            return coder.serializedBytes
        }
        let encoded = [
            try attribute(DocumentSecurityOIDs.contentTypeAttribute) { try $0.serialize(contentType) },
            try attribute(DocumentSecurityOIDs.messageDigestAttribute) { try $0.serialize(ASN1OctetString(contentBytes: algorithm.digest.hash(content)[...])) },
        ]
        // DER orders a SET OF by the encodings.
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: .set) { coder in
            for item in encoded.sorted(by: { $0.lexicographicallyPrecedes($1) }) { coder.serializeRawBytes(item) }
        }
        return coder.serializedBytes
    }

    private func signerInfo(_ signer: DocumentCertificate, _ attributes: [UInt8], _ signature: [UInt8], into coder: inout DER.Serializer) throws {
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
