import CLibCrypto

/// The block ciphers of ICAO 9303 secure messaging and PACE: two-key 3DES (BAC, PACE with 3DES)
/// and AES (PACE). Run by OpenSSL's libcrypto through EVP; swift-crypto has no 3DES, and its AES
/// offers neither raw ECB blocks nor CMAC, both of which secure messaging needs.
public enum BlockCipher: String, Sendable, Hashable {
    /// DES-EDE with a 16-byte key K1‖K2 (ISO 9797-1 and ICAO 9303 part 11, §9.8.6.1).
    case tripleDES = "3DES"
    /// AES with a 16, 24 or 32-byte key (ICAO 9303 part 11, §9.8.6.2).
    case aes = "AES"

    /// The block size in bytes: 8 for 3DES, 16 for AES.
    public var blockSize: Int {
        switch self {
        case .tripleDES: 8
        case .aes: 16
        }
    }

    /// `data` (whole blocks) encrypted in CBC mode with `iv` (zeros when nil).
    public func encrypt(key: [UInt8], data: [UInt8], iv: [UInt8]? = nil) throws(ChipError) -> [UInt8] {
        try run(key: key, data: data, iv: iv ?? [UInt8](repeating: 0, count: blockSize), encrypt: true, chained: true)
    }

    /// `data` (whole blocks) decrypted in CBC mode with `iv` (zeros when nil).
    public func decrypt(key: [UInt8], data: [UInt8], iv: [UInt8]? = nil) throws(ChipError) -> [UInt8] {
        try run(key: key, data: data, iv: iv ?? [UInt8](repeating: 0, count: blockSize), encrypt: false, chained: true)
    }

    /// Each block of `data` encrypted on its own (ECB): AES secure messaging's IV is E(KSenc, SSC).
    public func encryptBlocks(key: [UInt8], data: [UInt8]) throws(ChipError) -> [UInt8] {
        try run(key: key, data: data, iv: nil, encrypt: true, chained: false)
    }

    private func cipher(keyLength: Int, chained: Bool) -> OpaquePointer? {
        switch (self, keyLength, chained) {
        case (.tripleDES, 16, true): EVP_des_ede_cbc()
        case (.tripleDES, 16, false): EVP_des_ede_ecb()
        case (.aes, 16, true): EVP_aes_128_cbc()
        case (.aes, 16, false): EVP_aes_128_ecb()
        case (.aes, 24, true): EVP_aes_192_cbc()
        case (.aes, 24, false): EVP_aes_192_ecb()
        case (.aes, 32, true): EVP_aes_256_cbc()
        case (.aes, 32, false): EVP_aes_256_ecb()
        default: nil
        }
    }

    private func run(key: [UInt8], data: [UInt8], iv: [UInt8]?, encrypt: Bool, chained: Bool) throws(ChipError) -> [UInt8] {
        guard let cipher = cipher(keyLength: key.count, chained: chained) else {
            throw ChipError(.unsupported, "\(rawValue) with a \(key.count)-byte key is not a cipher ICAO 9303 uses")
        }
        guard data.count % blockSize == 0 else {
            throw ChipError(.garbled, "\(data.count) bytes are not whole \(rawValue) blocks of \(blockSize)")
        }
        if data.isEmpty { return [] }
        guard let context = EVP_CIPHER_CTX_new() else { throw ChipError(.unsupported, "libcrypto could not make a cipher context") }
        defer { EVP_CIPHER_CTX_free(context) }
        let ready = key.withUnsafeBufferPointer { keyBytes in
            if let iv {
                return iv.withUnsafeBufferPointer { EVP_CipherInit_ex(context, cipher, nil, keyBytes.baseAddress, $0.baseAddress, encrypt ? 1 : 0) }
            }
            return EVP_CipherInit_ex(context, cipher, nil, keyBytes.baseAddress, nil, encrypt ? 1 : 0)
        }
        guard ready == 1, EVP_CIPHER_CTX_set_padding(context, 0) == 1 else {
            throw ChipError(.unsupported, "libcrypto refused \(rawValue): \(LibCryptoError.last())")
        }
        var output = [UInt8](repeating: 0, count: data.count + blockSize)
        var written: Int32 = 0
        var final: Int32 = 0
        let ok = output.withUnsafeMutableBufferPointer { out in
            data.withUnsafeBufferPointer { input in
                EVP_CipherUpdate(context, out.baseAddress, &written, input.baseAddress, Int32(input.count)) == 1
                    && EVP_CipherFinal_ex(context, out.baseAddress! + Int(written), &final) == 1
            }
        }
        guard ok else { throw ChipError(.garbled, "\(rawValue) failed: \(LibCryptoError.last())") }
        return Array(output.prefix(Int(written + final)))
    }
}
