/// ICAO master lists (ICAO 9303 part 12, 9): a CMS SignedData whose content is a set of CSCA
/// certificates, signed by a master list signer whose certificate a CSCA issued.
extension CSCATrustList {
    /// The master list's size limit: the ICAO master list is about 1 MiB.
    public static let maximumMasterListSize = 16 * 1024 * 1024

    /// The CSCAs in an ICAO master list (DER CMS).
    ///
    /// What is checked: the CMS signature over the list with the master list signer's
    /// certificate it carries (content type, message digest, signature), and that signer
    /// certificate's own signature by a CSCA in `anchors` when given, else by a CSCA in the list
    /// itself. The second case proves the list is intact and self-consistent, not who made it:
    /// the trust then comes from the signed reference data that delivered the list.
    /// Certificates in the list this reader cannot parse are skipped and named in `skipped`.
    public static func masterList(_ der: [UInt8], anchors: CSCATrustList? = nil) throws -> CSCATrustList {
        guard der.count <= maximumMasterListSize else {
            throw DocumentSecurityError.trustList("the master list is \(der.count) bytes, more than \(maximumMasterListSize)")
        }
        let signedData: CMSSignedData
        do { signedData = try CMSSignedData(der: der, context: "the master list") } catch let error as DocumentSecurityError {
            throw DocumentSecurityError.trustList(error.message)
        }
        guard signedData.contentType == DocumentSecurityOIDs.cscaMasterList else {
            throw DocumentSecurityError.trustList("the master list's content type is \(signedData.contentType), not cscaMasterList 2.23.136.1.1.2")
        }
        var listed: [DocumentCertificate] = []
        var skipped: [String] = []
        do {
            let parts = try DERNode.parse(signedData.content[...], "the master list's content").children()
            let entries = try parts.element(1, "the certificate list").children(.set)
            guard entries.count <= maximumCertificates else {
                throw DocumentSecurityError.trustList("the master list holds \(entries.count) certificates, more than \(maximumCertificates)")
            }
            for (index, entry) in entries.enumerated() {
                do { listed.append(try DocumentCertificate(node: entry)) } catch let error as DocumentSecurityError {
                    skipped.append("master list entry \(index + 1): \(error.message)")
                }
            }
        } catch let error as DocumentSecurityError where error.code != "LA-DOCSEC-003" {
            throw DocumentSecurityError.trustList(error.message)
        }
        guard let signer = signedData.signerCertificate else {
            throw DocumentSecurityError.trustList("the master list carries no certificate for its signer")
        }
        if case .failure(let problem) = signedData.verifySignature(with: signer, what: "the master list") {
            throw DocumentSecurityError.trustList(problem.text)
        }
        let issuers = (anchors?.certificates ?? listed).filter { signer.isNamedIssuer($0) }
        guard issuers.contains(where: { (try? signer.verifyIssued(by: $0).get()) != nil }) else {
            let source = anchors == nil ? "the list itself" : "the anchors given"
            throw DocumentSecurityError.trustList("the master list signer \(signer.subject) is not issued by any CSCA in \(source)")
        }
        return try CSCATrustList(parsed: listed, crls: [], skipped: skipped)
    }
}
