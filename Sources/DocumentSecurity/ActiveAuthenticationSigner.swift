import SwiftASN1

/// The chip's side of Active Authentication, for simulated passports: DG15 for a key, and the
/// answer to INTERNAL AUTHENTICATE.
extension ActiveAuthentication {
    /// DG15 (tag 0x6F) holding `key`'s public half.
    public static func dataGroup15(for key: DocumentSigningKey) -> [UInt8] {
        var coder = DER.Serializer()
        coder.appendConstructedNode(identifier: ASN1Identifier(tagWithNumber: 15, tagClass: .application)) { $0.serializeRawBytes(key.subjectPublicKeyInfo) }
        return coder.serializedBytes
    }

    /// What a chip holding `key` answers to `challenge`: for RSA an ISO/IEC 9796-2 scheme 1
    /// signature (SHA-1, trailer 0xBC, the recoverable part from `random`); for EC a plain
    /// ECDSA signature with `digest`.
    public static func sign(challenge: [UInt8], with key: DocumentSigningKey, digest: DigestAlgorithm = .sha256, random: inout some RandomNumberGenerator) throws -> [UInt8] {
        guard key.isRSA else { return try key.sign(challenge, algorithm: .ecdsaPlain(digest)) }
        let size = key.size
        let recoverableLength = size - DigestAlgorithm.sha1.length - 2
        guard recoverableLength > 0 else { throw DocumentSecurityError.builder("an RSA key of \(size) bytes is too small for ISO/IEC 9796-2") }
        let recoverable = (0..<recoverableLength).map { _ in UInt8.random(in: 0...255, using: &random) }
        let representative = [0x6A] + recoverable + DigestAlgorithm.sha1.hash(recoverable + challenge) + [0xBC]
        return try key.rawRSA(representative)
    }
}
