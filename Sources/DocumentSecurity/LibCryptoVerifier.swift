import CLibCrypto

/// Checks a signature through OpenSSL's libcrypto: every key a passport PKI uses, including those
/// swift-crypto has no primitive for (Brainpool curves, explicit curve parameters, RSA under 2048
/// bits, RSASSA-PSS with salts or MGF1 hashes of their own, RSA-PSS-only keys, SHA-224).
enum LibCryptoVerifier {
    /// Checks a DER signature (ECDSA's `ECDSA-Sig-Value`, RSA's raw block) over `message`, hashed
    /// here with the algorithm's hash. The caller has checked that the key's type fits the algorithm.
    static func verify(key: PublicKeyVerifier.PublicKey, algorithm: SignatureAlgorithm, message: [UInt8], signature: [UInt8]) -> Result<Void, PublicKeyVerifier.Failure> {
        guard let md = EVP_get_digestbyname(algorithm.digest.openSSLName), let context = EVP_MD_CTX_new() else { return .failure(.badSignature) }
        defer { EVP_MD_CTX_free(context) }
        var keyContext: OpaquePointer?
        guard EVP_DigestVerifyInit(context, &keyContext, md, nil, key.pointer) == 1 else {
            ERR_clear_error()
            return .failure(.wrongKeyType("the key cannot verify \(algorithm)"))
        }
        if case .rsaPSS(_, let mgf, let salt) = algorithm {
            guard let mgfDigest = EVP_get_digestbyname(mgf.openSSLName),
                EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PSS_PADDING) == 1,
                EVP_PKEY_CTX_set_rsa_mgf1_md(keyContext, mgfDigest) == 1,
                EVP_PKEY_CTX_set_rsa_pss_saltlen(keyContext, Int32(salt)) == 1
            else {
                ERR_clear_error()
                return .failure(.wrongKeyType("the key cannot verify \(algorithm)"))
            }
        } else if case .rsaPKCS1 = algorithm, !key.isRSAPSSOnly {
            guard EVP_PKEY_CTX_set_rsa_padding(keyContext, RSA_PKCS1_PADDING) == 1 else {
                ERR_clear_error()
                return .failure(.badSignature)
            }
        }
        let verified = signature.withUnsafeBufferPointer { sig in
            message.withUnsafeBufferPointer { msg in
                EVP_DigestVerify(context, sig.baseAddress, sig.count, msg.baseAddress, msg.count)
            }
        }
        ERR_clear_error()
        return verified == 1 ? .success(()) : .failure(.badSignature)
    }
}
