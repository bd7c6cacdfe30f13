import Foundation

/// What a board trusts to prove travel-document chips genuine (passive authentication): the
/// countries' CSCA certificates, ICAO master lists and CRLs, as DER. Central publishes them in
/// the signed reference data (`documentTrust`), so they reach the board the way watchlists do and
/// hold offline.
public struct DocumentTrust: Sendable, Hashable {
    /// CSCA certificates (DER), each a trust anchor for the document signers it issued.
    public var cscaCertificates: [[UInt8]]
    /// ICAO master lists (DER CMS), each carrying many CSCA certificates.
    public var masterLists: [[UInt8]]
    /// Certificate revocation lists (DER) from the CSCAs.
    public var crls: [[UInt8]]

    /// At most this many items in each list: a world's CSCAs are a few hundred.
    public static let maximumItems = 4096
    /// At most this many bytes in one item (a master list is the largest, about 1 MB today).
    public static let maximumItemBytes = 8 << 20

    public init(cscaCertificates: [[UInt8]] = [], masterLists: [[UInt8]] = [], crls: [[UInt8]] = []) {
        self.cscaCertificates = cscaCertificates
        self.masterLists = masterLists
        self.crls = crls
    }

    /// True when there is nothing to trust: no chip can pass passive authentication.
    public var isEmpty: Bool { cscaCertificates.isEmpty && masterLists.isEmpty }

    /// `{"cscas": [base64 DER …], "masterLists": […], "crls": […]}`; nil when absent.
    static func read(_ value: JSONValue?) throws(ReferenceDataError) -> DocumentTrust? {
        guard let value, value != .null else { return nil }
        guard case .object(let object) = value else {
            throw ReferenceDataError("documentTrust must be an object of cscas, masterLists and crls (base64 DER strings)")
        }
        for key in object.keys where !["cscas", "masterLists", "crls"].contains(key) {
            throw ReferenceDataError("documentTrust.\(key) is not a list this version knows; expected cscas, masterLists or crls")
        }
        return DocumentTrust(cscaCertificates: try items("cscas", in: object), masterLists: try items("masterLists", in: object),
                             crls: try items("crls", in: object))
    }

    private static func items(_ key: String, in object: [String: JSONValue]) throws(ReferenceDataError) -> [[UInt8]] {
        guard let value = object[key] else { return [] }
        guard case .array(let list) = value else { throw ReferenceDataError("documentTrust.\(key) must be an array of base64 DER strings") }
        guard list.count <= maximumItems else {
            throw ReferenceDataError("documentTrust.\(key) has \(list.count) items; at most \(maximumItems) are taken")
        }
        var result: [[UInt8]] = []
        for (index, item) in list.enumerated() {
            // Base64 is 4 characters per 3 bytes: refuse an oversized string before decoding it.
            guard case .string(let text) = item, !text.isEmpty, text.utf8.count <= maximumItemBytes / 3 * 4 + 4,
                  let bytes = Data(base64Encoded: text) else {
                throw ReferenceDataError("documentTrust.\(key)[\(index)] must be a non-empty base64 DER string of at most \(maximumItemBytes) bytes")
            }
            result.append([UInt8](bytes))
        }
        return result
    }
}
