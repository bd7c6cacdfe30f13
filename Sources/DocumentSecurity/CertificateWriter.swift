import Foundation
import SwiftASN1
import X509

/// Writes and signs X.509 v3 certificates and CRLs for the test document PKI, with any key
/// `DocumentSigningKey` holds (swift-certificates' builder takes NIST curves and RSA only).
enum CertificateWriter {
    struct Profile {
        var serial: [UInt8]
        var issuer: DistinguishedName
        var subject: DistinguishedName
        var notBefore: Date
        var notAfter: Date
        var isCA: Bool
        var issuerKeyIdentifier: [UInt8]?
    }

    static func certificate(_ profile: Profile, publicKey: [UInt8], signer: DocumentSigningKey, algorithm: SignatureAlgorithm) throws -> [UInt8] {
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { coder in
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { try $0.serialize(2) }
            coder.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: profile.serial) }
            try AlgorithmIdentifierWriter.signature(algorithm, into: &coder)
            try coder.serialize(profile.issuer)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try AlgorithmIdentifierWriter.time(profile.notBefore.timeIntervalSince1970, into: &coder)
                try AlgorithmIdentifierWriter.time(profile.notAfter.timeIntervalSince1970, into: &coder)
            }
            try coder.serialize(profile.subject)
            coder.serializeRawBytes(publicKey)
            try coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific)) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try extensions(profile, publicKey: publicKey, into: &coder)
                }
            }
        }
        return try signed(tbs.serializedBytes, signer: signer, algorithm: algorithm)
    }

    /// The key identifier this PKI gives a public key: SHA-1 of its SubjectPublicKeyInfo.
    static func keyIdentifier(_ publicKey: [UInt8]) -> [UInt8] { DigestAlgorithm.sha1.hash(publicKey) }

    private static func extensions(_ profile: Profile, publicKey: [UInt8], into coder: inout DER.Serializer) throws {
        func add(_ oid: ASN1ObjectIdentifier, critical: Bool, _ value: (inout DER.Serializer) throws -> Void) throws {
            var inner = DER.Serializer()
            try value(&inner)
            try coder.appendConstructedNode(identifier: .sequence) { coder in
                try coder.serialize(oid)
                if critical { try coder.serialize(true) }
                try coder.serialize(ASN1OctetString(contentBytes: inner.serializedBytes[...]))
            }
        }
        if profile.isCA {
            try add([2, 5, 29, 19], critical: true) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    try coder.serialize(true)
                    try coder.serialize(0)
                }
            }
        }
        // keyCertSign and cRLSign for a CSCA, digitalSignature for a document signer.
        try add([2, 5, 29, 15], critical: true) { coder in
            coder.appendPrimitiveNode(identifier: .bitString) { $0.append(contentsOf: profile.isCA ? [0x01, 0x06] : [0x07, 0x80]) }
        }
        try add(DocumentSecurityOIDs.subjectKeyIdentifier, critical: false) { try $0.serialize(ASN1OctetString(contentBytes: keyIdentifier(publicKey)[...])) }
        if let issuerKey = profile.issuerKeyIdentifier {
            try add(DocumentSecurityOIDs.authorityKeyIdentifier, critical: false) { coder in
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    coder.appendPrimitiveNode(identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)) { $0.append(contentsOf: issuerKey) }
                }
            }
        }
    }

    /// A CRL from `issuer` listing `revoked` serial numbers as revoked at `revokedAt`.
    static func revocationList(
        issuer: DistinguishedName, revoked: [[UInt8]], thisUpdate: Date, nextUpdate: Date, revokedAt: Date, signer: DocumentSigningKey, algorithm: SignatureAlgorithm
    ) throws -> [UInt8] {
        var tbs = DER.Serializer()
        try tbs.appendConstructedNode(identifier: .sequence) { coder in
            try coder.serialize(1)
            try AlgorithmIdentifierWriter.signature(algorithm, into: &coder)
            try coder.serialize(issuer)
            try AlgorithmIdentifierWriter.time(thisUpdate.timeIntervalSince1970, into: &coder)
            try AlgorithmIdentifierWriter.time(nextUpdate.timeIntervalSince1970, into: &coder)
            if !revoked.isEmpty {
                try coder.appendConstructedNode(identifier: .sequence) { coder in
                    for serial in revoked {
                        try coder.appendConstructedNode(identifier: .sequence) { coder in
                            coder.appendPrimitiveNode(identifier: .integer) { $0.append(contentsOf: serial) }
                            try AlgorithmIdentifierWriter.time(revokedAt.timeIntervalSince1970, into: &coder)
                        }
                    }
                }
            }
        }
        return try signed(tbs.serializedBytes, signer: signer, algorithm: algorithm)
    }

    /// SEQUENCE { tbs, algorithm, BIT STRING signature }.
    private static func signed(_ tbs: [UInt8], signer: DocumentSigningKey, algorithm: SignatureAlgorithm) throws -> [UInt8] {
        let signature = try signer.sign(tbs, algorithm: algorithm)
        var coder = DER.Serializer()
        try coder.appendConstructedNode(identifier: .sequence) { coder in
            coder.serializeRawBytes(tbs)
            try AlgorithmIdentifierWriter.signature(algorithm, into: &coder)
            coder.appendPrimitiveNode(identifier: .bitString) { $0.append(0); $0.append(contentsOf: signature) }
        }
        return coder.serializedBytes
    }
}
