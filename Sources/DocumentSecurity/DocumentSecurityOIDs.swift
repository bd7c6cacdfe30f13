import SwiftASN1

/// The object identifiers ICAO 9303 part 10–11, CMS (RFC 5652) and PKCS #1 give the structures read here.
enum DocumentSecurityOIDs {
    static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 7, 2]
    static let ldsSecurityObject: ASN1ObjectIdentifier = [2, 23, 136, 1, 1, 1]
    static let cscaMasterList: ASN1ObjectIdentifier = [2, 23, 136, 1, 1, 2]
    static let contentTypeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 3]
    static let messageDigestAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 4]
    static let signingTimeAttribute: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 9, 5]

    static let rsaEncryption: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 1]
    static let rsaPSS: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 10]
    static let mgf1: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 8]
    static let sha1WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 5]
    static let sha224WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 14]
    static let sha256WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 11]
    static let sha384WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 12]
    static let sha512WithRSA: ASN1ObjectIdentifier = [1, 2, 840, 113549, 1, 1, 13]

    static let ecPublicKey: ASN1ObjectIdentifier = [1, 2, 840, 10045, 2, 1]
    static let ecdsaWithSHA1: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 1]
    static let ecdsaWithSHA224: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 1]
    static let ecdsaWithSHA256: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 2]
    static let ecdsaWithSHA384: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 3]
    static let ecdsaWithSHA512: ASN1ObjectIdentifier = [1, 2, 840, 10045, 4, 3, 4]
    /// BSI TR-03111 plain (r||s) ECDSA signatures, used by Active Authentication.
    static let ecdsaPlainSHA1: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 1]
    static let ecdsaPlainSHA224: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 2]
    static let ecdsaPlainSHA256: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 3]
    static let ecdsaPlainSHA384: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 4]
    static let ecdsaPlainSHA512: ASN1ObjectIdentifier = [0, 4, 0, 127, 0, 7, 1, 1, 4, 1, 5]

    static let sha1: ASN1ObjectIdentifier = [1, 3, 14, 3, 2, 26]
    static let sha224: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 4]
    static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]
    static let sha384: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 2]
    static let sha512: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 3]

    static let subjectKeyIdentifier: ASN1ObjectIdentifier = [2, 5, 29, 14]
    static let authorityKeyIdentifier: ASN1ObjectIdentifier = [2, 5, 29, 35]
}
