/// A chip's static Chip Authentication key pair, for simulated passports: the curve or DH group,
/// the protocol DG14 announces with it, and the private key the chip keeps. The reader only
/// ever sees the public half, in DG14.
public struct ChipAuthenticationKey: Sendable {
    /// Where the key lives.
    public enum Domain: Sendable {
        case curve(StandardCurve)
        case modular(ModularGroup)
    }

    public let domain: Domain
    public let info: ChipAuthenticationInfo
    /// Whether DG14 spells an elliptic curve's parameters out, as most issuers do, or names the curve.
    public let explicitParameters: Bool
    /// The public key: the uncompressed point 04‖x‖y, or the DH value as long as the prime.
    public let publicKey: [UInt8]
    let privateKey: [UInt8]

    /// The curve, nil for a DH key.
    public var curve: StandardCurve? {
        if case .curve(let curve) = domain { return curve }
        return nil
    }

    /// The curve's or group's name, as the reader's messages give it.
    public var domainName: String {
        switch domain {
        case .curve(let curve): curve.name
        case .modular(let group): group.name
        }
    }

    /// A new key pair on `curve` for `cipher` ("3DES", "AES-128", "AES-192", "AES-256").
    public static func generate(curve: StandardCurve, cipher: String = "AES-128", keyId: Int? = nil, explicitParameters: Bool = true,
                                random: RandomBytes = .system) throws(ChipError) -> ChipAuthenticationKey {
        guard let info = ChipAuthenticationInfo.elliptic(cipher: cipher, keyId: keyId) else { throw ChipError(.unsupported, "no Chip Authentication with \(cipher)") }
        guard let group = curve.curve else { throw ChipError(.unsupported, "libcrypto here lacks \(curve.name)") }
        let privateKey = try group.privateKey(from: random)
        return ChipAuthenticationKey(domain: .curve(curve), info: info, explicitParameters: explicitParameters,
                                     publicKey: group.encode(try group.publicKey(of: privateKey)), privateKey: privateKey)
    }

    /// A new DH key pair in `group` for `cipher`.
    public static func generate(group: ModularGroup, cipher: String = "3DES", keyId: Int? = nil, random: RandomBytes = .system) throws(ChipError)
        -> ChipAuthenticationKey
    {
        guard let info = ChipAuthenticationInfo.modular(cipher: cipher, keyId: keyId) else { throw ChipError(.unsupported, "no Chip Authentication with \(cipher)") }
        let privateKey = try group.privateKey(from: random)
        return ChipAuthenticationKey(domain: .modular(group), info: info, explicitParameters: true, publicKey: try group.publicKey(of: privateKey),
                                     privateKey: privateKey)
    }

    /// DG14's SecurityInfos for the key: its ChipAuthenticationInfo and ChipAuthenticationPublicKeyInfo.
    public func securityInfos() throws(ChipError) -> [[UInt8]] {
        switch domain {
        case .curve(let curve):
            [info.encoded, try ChipAuthenticationPublicKeyInfo.encode(curve: curve, publicKey: publicKey, explicitParameters: explicitParameters, keyId: info.keyId)]
        case .modular(let group):
            [info.encoded, ChipAuthenticationPublicKeyInfo.encode(group: group, publicKey: publicKey, keyId: info.keyId)]
        }
    }

    /// A key pair like this one (same domain and protocol) with a fresh private key.
    func another(random: RandomBytes) throws(ChipError) -> ChipAuthenticationKey {
        let cipher = info.cipher == .tripleDES ? "3DES" : "AES-\(info.keyLength * 8)"
        switch domain {
        case .curve(let curve): return try Self.generate(curve: curve, cipher: cipher, random: random)
        case .modular(let group): return try Self.generate(group: group, cipher: cipher, random: random)
        }
    }

    /// The same public half (and so the same DG14) with another private key: what a copy of a
    /// genuine chip's files holds, since the original private key cannot be read out.
    func copied(withPrivateKeyOf other: ChipAuthenticationKey) -> ChipAuthenticationKey {
        ChipAuthenticationKey(domain: domain, info: info, explicitParameters: explicitParameters, publicKey: publicKey, privateKey: other.privateKey)
    }

    /// The chip's side of the key agreement: its private key applied to the terminal's public key.
    func sharedSecret(with terminalPublicKey: [UInt8]) throws(ChipError) -> [UInt8] {
        switch domain {
        case .curve(let curve):
            guard let group = curve.curve else { throw ChipError(.unsupported, "libcrypto here lacks \(curve.name)") }
            return try group.multiply(try group.decode(terminalPublicKey), by: privateKey).x
        case .modular(let group):
            try group.validate(publicKey: Array(terminalPublicKey.drop { $0 == 0 }))
            return try group.power(terminalPublicKey, privateKey)
        }
    }
}
