import Foundation

/// The Country Signing CAs a board trusts, from the signed reference data: CSCA certificates
/// (DER) or an ICAO master list, and the CRLs they issued.
public struct CSCATrustList: Sendable, Equatable {
    /// The trusted CSCA certificates.
    public let certificates: [DocumentCertificate]
    /// CRLs, each verified at load to be signed by a CSCA in the list.
    public let crls: [CertificateRevocationList]
    /// Master-list entries not taken, each with why (a certificate this reader cannot parse).
    public let skipped: [String]

    /// No CSCA at all: passive authentication then checks signature and hashes but no chain.
    public static let empty = CSCATrustList(checked: [], crls: [], skipped: [])

    /// A trust list of so many CSCAs is refused: the ICAO master list holds a few hundred.
    public static let maximumCertificates = 10_000

    /// The CSCAs in `certificates` (DER) and their `crls` (DER); a CRL that no listed CSCA
    /// signed is refused, since a forged CRL could hide nothing but must not be trusted either.
    public init(certificates: [[UInt8]], crls: [[UInt8]] = []) throws {
        guard certificates.count <= Self.maximumCertificates else {
            throw DocumentSecurityError.trustList("\(certificates.count) certificates, more than \(Self.maximumCertificates)")
        }
        let parsed = try certificates.enumerated().map { index, der in
            do { return try DocumentCertificate(der: der) } catch let error as DocumentSecurityError {
                throw DocumentSecurityError.trustList("certificate \(index + 1): \(error.message)")
            }
        }
        try self.init(parsed: parsed, crls: crls, skipped: [])
    }

    init(parsed: [DocumentCertificate], crls: [[UInt8]], skipped: [String]) throws {
        var checked: [CertificateRevocationList] = []
        for (index, der) in crls.enumerated() {
            let crl: CertificateRevocationList
            do { crl = try CertificateRevocationList(der: der) } catch let error as DocumentSecurityError {
                throw DocumentSecurityError.trustList("CRL \(index + 1): \(error.message)")
            }
            guard parsed.contains(where: { crl.isSigned(by: $0) }) else {
                throw DocumentSecurityError.trustList("CRL \(index + 1) from \(crl.issuer) is not signed by any CSCA in the list")
            }
            checked.append(crl)
        }
        self.init(checked: parsed, crls: checked, skipped: skipped)
    }

    private init(checked: [DocumentCertificate], crls: [CertificateRevocationList], skipped: [String]) {
        self.certificates = checked
        self.crls = crls
        self.skipped = skipped
    }

    /// This list and `other` together (a master list plus CSCAs given one by one).
    public func merging(_ other: CSCATrustList) -> CSCATrustList {
        var seen = Set(certificates.map(\.der))
        let added = other.certificates.filter { seen.insert($0.der).inserted }
        return CSCATrustList(checked: certificates + added, crls: crls + other.crls, skipped: skipped + other.skipped)
    }

    /// How many CSCA certificates the list holds.
    public var count: Int { certificates.count }

    /// The CSCAs whose name (and key identifier, when both carry one) say they issued `certificate`.
    func issuers(of certificate: DocumentCertificate) -> [DocumentCertificate] {
        certificates.filter { certificate.isNamedIssuer($0) }
    }

    /// The CRLs `issuer` signed.
    func crls(from issuer: DocumentCertificate) -> [CertificateRevocationList] {
        crls.filter { $0.isSigned(by: issuer) }
    }
}
