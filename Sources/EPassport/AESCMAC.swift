import CLibCrypto

/// AES-CMAC (NIST SP 800-38B), which PACE with AES uses for its authentication tokens and
/// secure messaging, truncated to 8 bytes there (ICAO 9303 part 11, §9.8.6.2). Run by
/// libcrypto's EVP_MAC "CMAC".
public enum AESCMAC {
    /// The full 16-byte CMAC of `message` under `key` (16, 24 or 32 bytes). No padding is added here.
    public static func compute(key: [UInt8], message: [UInt8]) throws(ChipError) -> [UInt8] {
        let cipherName: String
        switch key.count {
        case 16: cipherName = "AES-128-CBC"
        case 24: cipherName = "AES-192-CBC"
        case 32: cipherName = "AES-256-CBC"
        default: throw ChipError(.unsupported, "an AES-CMAC key is 16, 24 or 32 bytes, not \(key.count)")
        }
        guard let mac = EVP_MAC_fetch(nil, "CMAC", nil) else { throw ChipError(.unsupported, "libcrypto has no CMAC: \(LibCryptoError.last())") }
        defer { EVP_MAC_free(mac) }
        guard let context = EVP_MAC_CTX_new(mac) else { throw ChipError(.unsupported, "libcrypto could not make a CMAC context") }
        defer { EVP_MAC_CTX_free(context) }
        var nameBytes = Array(cipherName.utf8CString)
        var output = [UInt8](repeating: 0, count: 16)
        var written = 0
        let ok = nameBytes.withUnsafeMutableBufferPointer { name in
            var parameters = [
                OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_CIPHER, name.baseAddress, 0),
                OSSL_PARAM_construct_end(),
            ]
            return key.withUnsafeBufferPointer { keyBytes in
                parameters.withUnsafeMutableBufferPointer { params in
                    EVP_MAC_init(context, keyBytes.baseAddress, keyBytes.count, params.baseAddress) == 1
                }
            } && message.withUnsafeBufferPointer { EVP_MAC_update(context, $0.baseAddress, $0.count) == 1 }
                && output.withUnsafeMutableBufferPointer { EVP_MAC_final(context, $0.baseAddress, &written, $0.count) == 1 }
        }
        guard ok, written == 16 else { throw ChipError(.unsupported, "AES-CMAC failed: \(LibCryptoError.last())") }
        return output
    }
}
