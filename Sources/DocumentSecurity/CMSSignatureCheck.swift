/// Checks a CMS signer's signature (EF.SOD, a master list) with a given certificate: the
/// signed attributes name the content and its digest, and the signature over them verifies.
extension CMSSignedData {
    /// What was proved, or the first thing that does not hold, in words for a report.
    func verifySignature(with certificate: DocumentCertificate, what: String) -> Result<String, SignatureProblem> {
        let algorithm: SignatureAlgorithm
        switch signer.signatureAlgorithm {
        case .success(let known): algorithm = known
        case .failure(let error): return .failure(SignatureProblem(text: "\(what)'s signature algorithm: \(error.message)"))
        }
        let signedBytes: [UInt8]
        if let attributes = signer.signedAttributes {
            guard signer.contentTypeAttribute == contentType else {
                let found = signer.contentTypeAttribute.map { "\($0)" } ?? "none"
                return .failure(SignatureProblem(text: "\(what)'s signed content-type attribute is \(found), not the content's type \(contentType)"))
            }
            guard let digest = signer.messageDigestAttribute else {
                return .failure(SignatureProblem(text: "\(what)'s signed attributes carry no message digest"))
            }
            guard digest == signer.digestAlgorithm.hash(content) else {
                let hashName = signer.digestAlgorithm.rawValue
                return .failure(SignatureProblem(text: "\(what)'s signed message digest does not match the \(hashName) of its content: the content was altered"))
            }
            signedBytes = attributes
        } else {
            signedBytes = content
        }
        let key = PublicKeyVerifier.describe(subjectPublicKeyInfo: certificate.subjectPublicKeyInfo) ?? "an unreadable key"
        switch PublicKeyVerifier.verify(subjectPublicKeyInfo: certificate.subjectPublicKeyInfo, algorithm: algorithm, message: signedBytes, signature: signer.signature) {
        case .success: return .success("\(what)'s signature verifies: \(algorithm), \(key)")
        case .failure(let failure): return .failure(SignatureProblem(text: "\(what)'s signature (\(algorithm), \(key)): \(failure)"))
        }
    }
}

/// A signature that does not hold, said in words.
struct SignatureProblem: Error, Equatable {
    let text: String
}

extension DocumentCertificate {
    /// Whether `issuer`'s key signed this certificate, in words either way.
    func verifyIssued(by issuer: DocumentCertificate) -> Result<Void, PublicKeyVerifier.Failure> {
        PublicKeyVerifier.verify(subjectPublicKeyInfo: issuer.subjectPublicKeyInfo, algorithm: signatureAlgorithm, message: tbs, signature: signature)
    }
}
