/// EF.SOD (ICAO 9303 part 10): the document signer's signature over every data group's hash,
/// with the document signer's certificate. Parsing checks shape only; `PassiveAuthentication`
/// checks the signatures, the chain and the hashes.
public struct SecurityObject: Sendable, Equatable {
    /// The file's bytes as given.
    public let der: [UInt8]
    /// The hash function over the data groups.
    public let hashAlgorithm: DigestAlgorithm
    /// Each listed data group's hash, by number (1 for DG1 …).
    public let dataGroupHashes: [Int: [UInt8]]
    /// The LDS version the SOD declares ("0108"), version 1 security objects only.
    public let ldsVersion: String?
    /// The document signer's certificate, when the SOD carries the one its signer names.
    public let documentSigner: DocumentCertificate?
    /// Every certificate the SOD carries.
    public let certificates: [DocumentCertificate]
    let signedData: CMSSignedData
    /// The LDS security object's bytes, as signed.
    let content: [UInt8]

    /// EF.SOD's largest plausible size: its DS certificate and hashes fit in a few KiB.
    public static let maximumSize = 64 * 1024

    /// Parses EF.SOD's contents, with or without its 0x77 application tag.
    public init(der: [UInt8]) throws {
        guard der.count <= Self.maximumSize else {
            throw DocumentSecurityError.malformed("EF.SOD", "it is \(der.count) bytes, more than \(Self.maximumSize)")
        }
        let signedData = try CMSSignedData(der: der, context: "EF.SOD")
        guard signedData.contentType == DocumentSecurityOIDs.ldsSecurityObject else {
            throw DocumentSecurityError.unsupported("EF.SOD", "encapsulated content type \(signedData.contentType) (expected ldsSecurityObject 2.23.136.1.1.1)")
        }
        let object = try LDSSecurityObject(der: signedData.content)
        self.der = der
        self.signedData = signedData
        self.content = signedData.content
        hashAlgorithm = object.hashAlgorithm
        dataGroupHashes = object.dataGroupHashes
        ldsVersion = object.ldsVersion
        certificates = signedData.certificates
        documentSigner = signedData.signerCertificate
    }

    /// The data groups the SOD lists, ascending.
    public var dataGroups: [Int] { dataGroupHashes.keys.sorted() }

    /// The signer's signature algorithm, or why it is not supported.
    public var signatureAlgorithm: Result<SignatureAlgorithm, DocumentSecurityError> { signedData.signer.signatureAlgorithm }
}
