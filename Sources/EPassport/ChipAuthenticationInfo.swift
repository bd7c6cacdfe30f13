/// A chip's offer of Chip Authentication in DG14 (ICAO 9303 part 11, §9.2.5): the key
/// agreement (Diffie-Hellman or elliptic curve), the cipher secure messaging uses afterwards,
/// the protocol's version and the key it is run with when the chip has several.
public struct ChipAuthenticationInfo: Sendable, Hashable {
    public let protocolIdentifier: String
    public let version: Int
    /// True for ECDH, false for modular Diffie-Hellman.
    public let isEllipticCurve: Bool
    public let cipher: BlockCipher
    /// The session key length: 16 for 3DES and AES-128, 24, 32.
    public let keyLength: Int
    /// The key's id, which DG14 gives when it holds more than one key.
    public let keyId: Int?

    static let prefix = "0.4.0.127.0.7.2.2.3."

    /// The ChipAuthenticationInfo `info` is; nil when its OID is not id-CA-(EC)DH-… with a known cipher.
    public init?(_ info: SecurityInfo) {
        guard let version = info.version else { return nil }
        self.init(protocolIdentifier: info.protocolIdentifier, version: version, keyId: info.parameter)
    }

    /// The offer of `protocolIdentifier` (dotted id-CA-… OID), nil when it is not one with a known cipher.
    public init?(protocolIdentifier: String, version: Int = 1, keyId: Int? = nil) {
        guard protocolIdentifier.hasPrefix(Self.prefix) else { return nil }
        let tail = protocolIdentifier.dropFirst(Self.prefix.count).split(separator: ".")
        guard tail.count == 2, let agreement = Int(tail[0]), agreement == 1 || agreement == 2, let cipherId = Int(tail[1]) else { return nil }
        guard let suite = SessionCipherSuite(arc: cipherId) else { return nil }
        (cipher, keyLength) = (suite.cipher, suite.keyLength)
        self.protocolIdentifier = protocolIdentifier
        self.version = version
        self.isEllipticCurve = agreement == 2
        self.keyId = keyId
    }

    /// id-CA-ECDH-… with `cipher` ("3DES", "AES-128", "AES-192", "AES-256"), for simulated chips.
    public static func elliptic(cipher: String, keyId: Int? = nil) -> ChipAuthenticationInfo? {
        SessionCipherSuite.arc(named: cipher).flatMap { ChipAuthenticationInfo(protocolIdentifier: "\(prefix)2.\($0)", keyId: keyId) }
    }

    /// id-CA-DH-… with `cipher`, for simulated chips.
    public static func modular(cipher: String, keyId: Int? = nil) -> ChipAuthenticationInfo? {
        SessionCipherSuite.arc(named: cipher).flatMap { ChipAuthenticationInfo(protocolIdentifier: "\(prefix)1.\($0)", keyId: keyId) }
    }

    /// The offer a chip makes by showing only its key (part 11, §9.2.5: then 3DES, version 1).
    static func implied(elliptic: Bool, keyId: Int?) -> ChipAuthenticationInfo? {
        ChipAuthenticationInfo(protocolIdentifier: prefix + (elliptic ? "2.1" : "1.1"), keyId: keyId)
    }

    /// The OID's content bytes, as MSE:Set AT carries them.
    public var protocolBytes: [UInt8] { ObjectIdentifierText.encode(protocolIdentifier) ?? [] }

    /// What it is, for a technician: "CA ECDH AES-128".
    public var summary: String {
        "CA \(isEllipticCurve ? "ECDH" : "DH") \(cipher == .tripleDES ? "3DES" : "AES-\(keyLength * 8)")" + (keyId.map { " key \($0)" } ?? "")
    }

    /// The SecurityInfo's DER: SEQUENCE { OID, version, keyId? }.
    public var encoded: [UInt8] {
        TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: protocolBytes) + DERInteger.encode(version) + (keyId.map(DERInteger.encode) ?? []))
    }
}
