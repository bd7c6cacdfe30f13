/// ISO/IEC 9797-1 MAC algorithm 3 with DES (the "retail MAC", ICAO 9303 part 11, §9.8.6.1):
/// single-DES CBC under K1 over every block, then the last result decrypted under K2 and
/// encrypted under K1 again.
///
/// Single DES is in OpenSSL 3's legacy provider, which a board need not load. DES-EDE with K1 in
/// both halves is single DES under K1, and DES-EDE with K1‖K2 over the last block is exactly the
/// final decrypt-encrypt step, so the whole MAC runs on the default provider's two-key 3DES.
public enum RetailMAC {
    /// The 8-byte MAC of `message` under the 16-byte `key`, `message` padded by method 2 first.
    public static func compute(key: [UInt8], message: [UInt8]) throws(ChipError) -> [UInt8] {
        guard key.count == 16 else { throw ChipError(.unsupported, "a retail MAC key is 16 bytes, not \(key.count)") }
        let blocks = Padding.pad(message, blockSize: 8)
        let k1 = Array(key[0..<8])
        let leading = Array(blocks.dropLast(8))
        var chained = [UInt8](repeating: 0, count: 8)
        if !leading.isEmpty {
            chained = Array(try BlockCipher.tripleDES.encrypt(key: k1 + k1, data: leading).suffix(8))
        }
        let last = zip(blocks.suffix(8), chained).map { $0 ^ $1 }
        return try BlockCipher.tripleDES.encryptBlocks(key: key, data: last)
    }
}
