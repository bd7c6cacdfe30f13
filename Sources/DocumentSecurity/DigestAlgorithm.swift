import CLibCrypto
import Crypto
import SwiftASN1

/// A hash function EF.SOD, certificates and Active Authentication use.
public enum DigestAlgorithm: String, Sendable, Hashable, CaseIterable {
    case sha1 = "SHA-1"
    case sha224 = "SHA-224"
    case sha256 = "SHA-256"
    case sha384 = "SHA-384"
    case sha512 = "SHA-512"

    init?(oid: ASN1ObjectIdentifier) {
        switch oid {
        case DocumentSecurityOIDs.sha1: self = .sha1
        case DocumentSecurityOIDs.sha224: self = .sha224
        case DocumentSecurityOIDs.sha256: self = .sha256
        case DocumentSecurityOIDs.sha384: self = .sha384
        case DocumentSecurityOIDs.sha512: self = .sha512
        default: return nil
        }
    }

    var oid: ASN1ObjectIdentifier {
        switch self {
        case .sha1: DocumentSecurityOIDs.sha1
        case .sha224: DocumentSecurityOIDs.sha224
        case .sha256: DocumentSecurityOIDs.sha256
        case .sha384: DocumentSecurityOIDs.sha384
        case .sha512: DocumentSecurityOIDs.sha512
        }
    }

    /// The digest's length in bytes.
    public var length: Int {
        switch self {
        case .sha1: 20
        case .sha224: 28
        case .sha256: 32
        case .sha384: 48
        case .sha512: 64
        }
    }

    /// OpenSSL's name, for EVP_get_digestbyname.
    var openSSLName: String {
        switch self {
        case .sha1: "SHA1"
        case .sha224: "SHA224"
        case .sha256: "SHA256"
        case .sha384: "SHA384"
        case .sha512: "SHA512"
        }
    }

    /// The digest of `bytes`: swift-crypto, except SHA-224, which it lacks (libcrypto).
    public func hash<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        let data = Array(bytes)
        switch self {
        case .sha1: return Array(Insecure.SHA1.hash(data: data))
        case .sha256: return Array(SHA256.hash(data: data))
        case .sha384: return Array(SHA384.hash(data: data))
        case .sha512: return Array(SHA512.hash(data: data))
        case .sha224:
            var output = [UInt8](repeating: 0, count: 28)
            var size: UInt32 = 0
            let done = data.withUnsafeBytes { input in
                EVP_Digest(input.baseAddress, input.count, &output, &size, EVP_sha224(), nil)
            }
            // EVP_Digest over memory cannot fail short of allocation failure; a wrong digest then fails the comparison, never passes it.
            return done == 1 ? output : []
        }
    }

    /// The digest algorithm named by an AlgorithmIdentifier node (parameters NULL or absent).
    static func parse(_ node: DERNode) throws -> DigestAlgorithm {
        let parts = try node.children()
        let oid = try parts.element(0, "the digest algorithm").objectIdentifier()
        guard let algorithm = DigestAlgorithm(oid: oid) else {
            throw DocumentSecurityError.unsupported(node.context, "digest algorithm \(oid)")
        }
        return algorithm
    }
}
