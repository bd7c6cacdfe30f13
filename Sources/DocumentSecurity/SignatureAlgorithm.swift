import SwiftASN1

/// How a signature is made: the scheme and its hash, read from an AlgorithmIdentifier.
public enum SignatureAlgorithm: Sendable, Hashable, CustomStringConvertible {
    /// RSASSA-PKCS1-v1_5 (RFC 8017).
    case rsaPKCS1(DigestAlgorithm)
    /// RSASSA-PSS with its own parameters (RFC 4055): hash, MGF1 hash, salt length.
    case rsaPSS(DigestAlgorithm, mgf: DigestAlgorithm, saltLength: Int)
    /// ECDSA with a DER `ECDSA-Sig-Value`, on whatever curve the key names.
    case ecdsa(DigestAlgorithm)
    /// ECDSA with a plain r||s signature (BSI TR-03111), as Active Authentication returns it.
    case ecdsaPlain(DigestAlgorithm)

    public var digest: DigestAlgorithm {
        switch self {
        case .rsaPKCS1(let digest), .rsaPSS(let digest, _, _), .ecdsa(let digest), .ecdsaPlain(let digest): digest
        }
    }

    public var description: String {
        switch self {
        case .rsaPKCS1(let digest): "RSA PKCS#1 v1.5 with \(digest.rawValue)"
        case .rsaPSS(let digest, let mgf, let salt): "RSASSA-PSS with \(digest.rawValue) (MGF1 \(mgf.rawValue), salt \(salt))"
        case .ecdsa(let digest): "ECDSA with \(digest.rawValue)"
        case .ecdsaPlain(let digest): "ECDSA (plain) with \(digest.rawValue)"
        }
    }

    /// The algorithm an AlgorithmIdentifier names. `digestHint` is the SignerInfo's digest
    /// algorithm, which CMS lets a bare `rsaEncryption` or `ecPublicKey` lean on.
    static func parse(_ node: DERNode, digestHint: DigestAlgorithm? = nil) throws -> SignatureAlgorithm {
        let parts = try node.children()
        let oid = try parts.element(0, "the signature algorithm").objectIdentifier()
        let ids = DocumentSecurityOIDs.self
        switch oid {
        case ids.sha1WithRSA: return .rsaPKCS1(.sha1)
        case ids.sha224WithRSA: return .rsaPKCS1(.sha224)
        case ids.sha256WithRSA: return .rsaPKCS1(.sha256)
        case ids.sha384WithRSA: return .rsaPKCS1(.sha384)
        case ids.sha512WithRSA: return .rsaPKCS1(.sha512)
        case ids.ecdsaWithSHA1: return .ecdsa(.sha1)
        case ids.ecdsaWithSHA224: return .ecdsa(.sha224)
        case ids.ecdsaWithSHA256: return .ecdsa(.sha256)
        case ids.ecdsaWithSHA384: return .ecdsa(.sha384)
        case ids.ecdsaWithSHA512: return .ecdsa(.sha512)
        case ids.ecdsaPlainSHA1: return .ecdsaPlain(.sha1)
        case ids.ecdsaPlainSHA224: return .ecdsaPlain(.sha224)
        case ids.ecdsaPlainSHA256: return .ecdsaPlain(.sha256)
        case ids.ecdsaPlainSHA384: return .ecdsaPlain(.sha384)
        case ids.ecdsaPlainSHA512: return .ecdsaPlain(.sha512)
        case ids.rsaEncryption:
            guard let digestHint else { throw DocumentSecurityError.unsupported(node.context, "rsaEncryption without a digest algorithm") }
            return .rsaPKCS1(digestHint)
        case ids.ecPublicKey:
            guard let digestHint else { throw DocumentSecurityError.unsupported(node.context, "ecPublicKey without a digest algorithm") }
            return .ecdsa(digestHint)
        case ids.rsaPSS:
            return try parsePSS(parts.count > 1 ? parts[1] : nil, node.context)
        default:
            throw DocumentSecurityError.unsupported(node.context, "signature algorithm \(oid)")
        }
    }

    /// RSASSA-PSS-params: [0] hash (default SHA-1), [1] MGF (default MGF1 SHA-1), [2] salt length
    /// (default 20), [3] trailer field (must be 1).
    private static func parsePSS(_ parameters: DERNode?, _ context: String) throws -> SignatureAlgorithm {
        var digest = DigestAlgorithm.sha1
        var mgf = DigestAlgorithm.sha1
        var salt = 20
        guard let parameters, parameters.identifier != .null else { return .rsaPSS(digest, mgf: mgf, saltLength: salt) }
        for field in try parameters.children() {
            guard field.identifier.tagClass == .contextSpecific else {
                throw DocumentSecurityError.malformed(context, "RSASSA-PSS parameters hold an untagged field")
            }
            let value = try field.explicitContent(field.identifier.tagNumber)
            switch field.identifier.tagNumber {
            case 0: digest = try DigestAlgorithm.parse(value)
            case 1:
                let mgfParts = try value.children()
                guard try mgfParts.element(0, "the mask generation function").objectIdentifier() == DocumentSecurityOIDs.mgf1 else {
                    throw DocumentSecurityError.unsupported(context, "an RSASSA-PSS mask generation function other than MGF1")
                }
                mgf = try DigestAlgorithm.parse(try mgfParts.element(1, "MGF1's hash"))
            case 2: salt = try value.smallInteger()
            case 3:
                guard try value.smallInteger() == 1 else { throw DocumentSecurityError.unsupported(context, "an RSASSA-PSS trailer field other than 0xBC") }
            default: throw DocumentSecurityError.malformed(context, "RSASSA-PSS parameters hold an unknown field [\(field.identifier.tagNumber)]")
            }
        }
        guard salt <= 1024 else { throw DocumentSecurityError.malformed(context, "RSASSA-PSS salt length \(salt) is out of range") }
        return .rsaPSS(digest, mgf: mgf, saltLength: salt)
    }
}
