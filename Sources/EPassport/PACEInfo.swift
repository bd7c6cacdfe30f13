/// A chip's offer of PACE (ICAO 9303 part 11, §9.2.1): the protocol (mapping, key agreement,
/// cipher) and the standardized domain parameters, read from EF.CardAccess.
public struct PACEInfo: Sendable, Hashable {
    /// The mappings PACE has.
    public enum Mapping: String, Sendable, Hashable {
        case generic = "GM"
        case integrated = "IM"
        case chipAuthentication = "CAM"
    }

    public let protocolIdentifier: String
    /// PACE's version; 2 in every ICAO chip.
    public let version: Int
    /// The standardized domain parameters' id (part 11, table 6), nil when the chip leaves them out.
    public let parameterId: Int?
    public let mapping: Mapping
    /// True for elliptic curve Diffie-Hellman, false for modular.
    public let isEllipticCurve: Bool
    public let cipher: BlockCipher
    /// The session key length: 16 for 3DES and AES-128, 24, 32.
    public let keyLength: Int

    /// The PACE offers among `infos`; others (Chip Authentication, terminal authentication, unknown) are not PACE.
    public static func offers(in infos: [SecurityInfo]) -> [PACEInfo] {
        infos.compactMap { PACEInfo($0) }
    }

    /// The PACEInfo `info` is, or nil when its OID is not id-PACE-… with a known mapping and cipher.
    public init?(_ info: SecurityInfo) {
        guard let version = info.version else { return nil }
        self.init(protocolIdentifier: info.protocolIdentifier, version: version, parameterId: info.parameter)
    }

    /// The offer of `protocolIdentifier` (dotted id-PACE-… OID) on standardized parameters `parameterId`;
    /// nil when the OID is not PACE with a known mapping and cipher.
    public init?(protocolIdentifier: String, version: Int = 2, parameterId: Int?) {
        let prefix = "0.4.0.127.0.7.2.2.4."
        guard protocolIdentifier.hasPrefix(prefix) else { return nil }
        let tail = protocolIdentifier.dropFirst(prefix.count).split(separator: ".")
        guard tail.count == 2, let agreement = Int(tail[0]), let cipherId = Int(tail[1]) else { return nil }
        switch agreement {
        case 1: (mapping, isEllipticCurve) = (.generic, false)
        case 2: (mapping, isEllipticCurve) = (.generic, true)
        case 3: (mapping, isEllipticCurve) = (.integrated, false)
        case 4: (mapping, isEllipticCurve) = (.integrated, true)
        case 6: (mapping, isEllipticCurve) = (.chipAuthentication, true)
        default: return nil
        }
        guard let suite = SessionCipherSuite(arc: cipherId) else { return nil }
        (cipher, keyLength) = (suite.cipher, suite.keyLength)
        self.protocolIdentifier = protocolIdentifier
        self.version = version
        self.parameterId = parameterId
    }

    /// id-PACE-ECDH-GM with `cipher` ("3DES", "AES-128", "AES-192", "AES-256") on parameters `parameterId`, for simulated chips.
    public static func ellipticGenericMapping(cipher: String, parameterId: Int) -> PACEInfo? {
        SessionCipherSuite.arc(named: cipher).flatMap { PACEInfo(protocolIdentifier: "0.4.0.127.0.7.2.2.4.2.\($0)", parameterId: parameterId) }
    }

    /// id-PACE-DH-GM with `cipher` ("3DES", "AES-128", "AES-192", "AES-256") on parameters `parameterId` (0–2), for simulated chips.
    public static func modularGenericMapping(cipher: String, parameterId: Int) -> PACEInfo? {
        SessionCipherSuite.arc(named: cipher).flatMap { PACEInfo(protocolIdentifier: "0.4.0.127.0.7.2.2.4.1.\($0)", parameterId: parameterId) }
    }

    /// The OID's content bytes, as MSE:Set AT and the authentication token carry them.
    public var protocolBytes: [UInt8] { ObjectIdentifierText.encode(protocolIdentifier) ?? [] }

    /// What it is, for a technician: "PACE ECDH-GM AES-128 on brainpoolP256r1".
    public var summary: String {
        let agreement = (isEllipticCurve ? "ECDH-" : "DH-") + mapping.rawValue
        let cipherName = cipher == .tripleDES ? "3DES" : "AES-\(keyLength * 8)"
        let curve = parameterId.map { PACEDomain.name(ofParameter: $0) } ?? "parameters not named"
        return "PACE \(agreement) \(cipherName) on \(curve)"
    }
}
