import LaneModel

/// What is wrong with a document security object (EF.SOD, a certificate, a CRL, a master list),
/// named with the part concerned and what to do.
public typealias DocumentSecurityError = CodedError<DocumentSecurityErrorDomain>

/// The domain of `DocumentSecurityError`: EF.SOD, CSCA trust lists and the test PKI.
public enum DocumentSecurityErrorDomain: ErrorDomain {}

extension CodedError where Domain == DocumentSecurityErrorDomain {
    /// The bytes are not the ASN.1 structure they should be (truncated, a wrong tag, a length past the end).
    static func malformed(_ what: String, _ detail: String) -> DocumentSecurityError {
        DocumentSecurityError("LA-DOCSEC-001", "\(what) is malformed: \(detail); the chip or the file holds something other than ICAO 9303 data", usage: true)
    }
    /// Well-formed, but something this reader does not accept: a content type, version or algorithm.
    static func unsupported(_ what: String, _ detail: String) -> DocumentSecurityError {
        DocumentSecurityError("LA-DOCSEC-002", "\(what) is not supported: \(detail)", usage: true)
    }
    /// The CSCA trust list cannot be built from the reference data given.
    static func trustList(_ detail: String) -> DocumentSecurityError {
        DocumentSecurityError("LA-DOCSEC-003", "the CSCA trust list cannot be used: \(detail); check the reference data's CSCA certificates, CRLs and master list", usage: true)
    }
    /// A key or certificate given to the builders cannot sign or be written.
    static func builder(_ detail: String) -> DocumentSecurityError {
        DocumentSecurityError("LA-DOCSEC-004", "the test document PKI cannot make this: \(detail)", usage: true)
    }
}
