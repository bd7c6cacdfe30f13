/// A chip's static Chip Authentication key pair, for simulated passports: the curve, the
/// protocol DG14 announces with it, and the private key the chip keeps. The reader only ever
/// sees the public half, in DG14.
public struct ChipAuthenticationKey: Sendable {
    public let curve: StandardCurve
    public let info: ChipAuthenticationInfo
    /// Whether DG14 spells the curve's parameters out, as most issuers do, or names the curve.
    public let explicitParameters: Bool
    /// The uncompressed public point 04‖x‖y.
    public let publicKey: [UInt8]
    let privateKey: [UInt8]

    /// A new key pair on `curve` for `cipher` ("3DES", "AES-128", "AES-192", "AES-256").
    public static func generate(curve: StandardCurve, cipher: String = "AES-128", keyId: Int? = nil, explicitParameters: Bool = true,
                                random: RandomBytes = .system) throws(ChipError) -> ChipAuthenticationKey {
        guard let info = ChipAuthenticationInfo.elliptic(cipher: cipher, keyId: keyId) else { throw ChipError(.unsupported, "no Chip Authentication with \(cipher)") }
        guard let group = curve.curve else { throw ChipError(.unsupported, "libcrypto here lacks \(curve.name)") }
        let privateKey = try group.privateKey(from: random)
        return ChipAuthenticationKey(curve: curve, info: info, explicitParameters: explicitParameters, publicKey: group.encode(try group.publicKey(of: privateKey)),
                                     privateKey: privateKey)
    }

    /// DG14's SecurityInfos for the key: its ChipAuthenticationInfo and ChipAuthenticationPublicKeyInfo.
    public func securityInfos() throws(ChipError) -> [[UInt8]] {
        [info.encoded, try ChipAuthenticationPublicKeyInfo.encode(curve: curve, publicKey: publicKey, explicitParameters: explicitParameters, keyId: info.keyId)]
    }

    /// The same public half (and so the same DG14) with another private key: what a copy of a
    /// genuine chip's files holds, since the original private key cannot be read out.
    func copied(withPrivateKeyOf other: ChipAuthenticationKey) -> ChipAuthenticationKey {
        ChipAuthenticationKey(curve: curve, info: info, explicitParameters: explicitParameters, publicKey: publicKey, privateKey: other.privateKey)
    }

    /// The chip's side of the key agreement: the x-coordinate of its private key times the terminal's point.
    func sharedSecret(with terminalPublicKey: [UInt8]) throws(ChipError) -> [UInt8] {
        guard let group = curve.curve else { throw ChipError(.unsupported, "libcrypto here lacks \(curve.name)") }
        return try group.multiply(try group.decode(terminalPublicKey), by: privateKey).x
    }
}
