import Crypto

/// The key derivation function of ICAO 9303 part 11, §9.7.1: a hash of the shared secret and a
/// 32-bit counter (1 for encryption, 2 for MAC, 3 for PACE's password key), cut to the key.
public enum KeyDerivation {
    /// What a derived key is for: the counter's value.
    public enum Purpose: UInt32, Sendable {
        case encryption = 1
        case mac = 2
        case password = 3
    }

    /// The key for `cipher` of `keyLength` bytes (16 for 3DES and AES-128, 24, 32) from `secret`.
    /// 3DES and AES-128 use SHA-1, AES-192 and AES-256 SHA-256; 3DES keys get DES parity bits.
    public static func key(from secret: [UInt8], purpose: Purpose, cipher: BlockCipher, keyLength: Int = 16) -> [UInt8] {
        let counter = withUnsafeBytes(of: purpose.rawValue.bigEndian) { Array($0) }
        let input = secret + counter
        let digest: [UInt8] = keyLength <= 16 ? Array(Insecure.SHA1.hash(data: input)) : Array(SHA256.hash(data: input))
        let key = Array(digest.prefix(keyLength))
        return cipher == .tripleDES ? key.map(withOddParity) : key
    }

    /// `byte` with its lowest bit set so the byte has odd parity, as DES keys are written.
    static func withOddParity(_ byte: UInt8) -> UInt8 {
        let high = byte & 0xFE
        return high.nonzeroBitCount % 2 == 0 ? high | 1 : high
    }
}
