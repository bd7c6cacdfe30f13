import Foundation
import SwiftASN1
import X509

/// An X.509 CRL (RFC 5280) from a CSCA: which document signer certificates it revoked.
public struct CertificateRevocationList: Sendable, Hashable {
    public let der: [UInt8]
    let tbs: [UInt8]
    public let issuer: DistinguishedName
    let issuerDER: [UInt8]
    public let thisUpdate: Date
    public let nextUpdate: Date?
    /// Revoked serial numbers (content bytes) and when each was revoked.
    public let revoked: [[UInt8]: Date]
    let signatureAlgorithm: SignatureAlgorithm
    let signature: [UInt8]

    /// A CSCA's CRL rarely lists more than a few hundred certificates; more is refused.
    static let maximumEntries = 100_000

    /// Parses a DER CRL; throws `DocumentSecurityError` naming what is wrong.
    public init(der: [UInt8]) throws {
        let context = "a CRL"
        let parts = try DERNode.parse(der[...], context).children()
        guard parts.count == 3 else { throw DocumentSecurityError.malformed(context, "it has \(parts.count) parts, not 3") }
        self.der = der
        tbs = Array(parts[0].encoded)
        signatureAlgorithm = try SignatureAlgorithm.parse(parts[1])
        signature = try parts[2].bitStringBytes()
        var fields = try parts[0].children()[...]
        if fields.first?.identifier == .integer { fields = fields.dropFirst() }
        let tbsFields = Array(fields)
        let issuerNode = try tbsFields.element(1, "the issuer")
        do { issuer = try DistinguishedName(derEncoded: issuerNode.node) } catch {
            throw DocumentSecurityError.malformed(context, "the issuer name is not valid (\(error))")
        }
        issuerDER = Array(issuerNode.encoded)
        thisUpdate = try DERTime.parse(try tbsFields.element(2, "thisUpdate"))
        var index = 3
        if index < tbsFields.count, tbsFields[index].identifier == .utcTime || tbsFields[index].identifier == .generalizedTime {
            nextUpdate = try DERTime.parse(tbsFields[index])
            index += 1
        } else {
            nextUpdate = nil
        }
        var revoked: [[UInt8]: Date] = [:]
        if index < tbsFields.count, tbsFields[index].identifier == .sequence {
            let entries = try tbsFields[index].children()
            guard entries.count <= Self.maximumEntries else {
                throw DocumentSecurityError.malformed(context, "it lists \(entries.count) certificates, more than \(Self.maximumEntries)")
            }
            for entry in entries {
                let entryFields = try entry.children()
                let serial = Array(try entryFields.element(0, "a revoked serial number").primitive(.integer))
                revoked[serial] = try DERTime.parse(try entryFields.element(1, "a revocation date"))
            }
        }
        self.revoked = revoked
    }

    /// True when `issuer`'s key signed this CRL.
    func isSigned(by issuer: DocumentCertificate) -> Bool {
        guard issuerDER == issuer.subjectDER || self.issuer == issuer.subject else { return false }
        let verified = PublicKeyVerifier.verify(
            subjectPublicKeyInfo: issuer.subjectPublicKeyInfo, algorithm: signatureAlgorithm, message: tbs, signature: signature)
        return (try? verified.get()) != nil
    }
}
