/// A Chip Authentication public key in DG14 (ICAO 9303 part 11, §9.2.6): id-PK-DH or
/// id-PK-ECDH, a SubjectPublicKeyInfo, and the key's id when DG14 holds several.
///
/// The key is read whole here: an elliptic one's curve (named, or explicit parameters that must
/// be one of the standard curves, never the chip's own) and its point, which must lie on that
/// curve; a DH one's group (a 1024–4096-bit prime) and its public value, which must lie in the
/// group. Everything is bounded before use; a key that does not hold says why.
public struct ChipAuthenticationPublicKeyInfo: Sendable {
    /// An elliptic curve key ready for the key agreement.
    public struct EllipticKey: Sendable {
        public let curve: EllipticCurve
        public let point: EllipticCurve.Point
    }

    /// A Diffie-Hellman key ready for the key agreement: its group and the public value y (checked to be in it).
    public struct ModularKey: Sendable {
        public let group: ModularGroup
        public let publicKey: [UInt8]
    }

    /// Either kind of key.
    public enum Key: Sendable {
        case elliptic(EllipticKey)
        case modular(ModularKey)

        /// The curve's or group's name, for messages.
        public var name: String {
            switch self {
            case .elliptic(let key): key.curve.name
            case .modular(let key): key.group.name
            }
        }
    }

    public let isEllipticCurve: Bool
    public let keyId: Int?
    /// The key, or why it cannot be used: `.garbled` when malformed, `.unsupported` for an unknown curve.
    public let key: Result<Key, ChipError>

    static let prefix = "0.4.0.127.0.7.2.2.1."
    static let ellipticProtocol = prefix + "2"
    static let ellipticPublicKey = "1.2.840.10045.2.1"
    static let primeField = "1.2.840.10045.1.1"
    /// The longest coordinate or integer accepted (P-521's 66 bytes and a sign byte).
    static let maximumNumberSize = 67
    static let diffieHellmanX942 = "1.2.840.10046.2.1"
    static let diffieHellmanPKCS3 = "1.2.840.113549.1.3.1"
    /// The longest DH number accepted: 4096 bits and a sign byte.
    static let maximumModularSize = 513

    /// The key info `info` is, or nil when its OID is not id-PK-DH or id-PK-ECDH.
    public init?(_ info: SecurityInfo) {
        guard info.protocolIdentifier == Self.prefix + "1" || info.protocolIdentifier == Self.ellipticProtocol else { return nil }
        isEllipticCurve = info.protocolIdentifier == Self.ellipticProtocol
        let keyIdElement = info.elements.dropFirst().first
        keyId = keyIdElement.flatMap(SecurityInfo.integer)
        if keyIdElement != nil && keyId == nil {
            key = .failure(ChipError(.garbled, "DG14's Chip Authentication key has a key id that is not a small INTEGER"))
        } else {
            do throws(ChipError) {
                guard let spki = info.elements.first else { throw ChipError(.garbled, "DG14's Chip Authentication key info holds no SubjectPublicKeyInfo") }
                key = .success(isEllipticCurve ? .elliptic(try Self.ellipticKey(spki)) : .modular(try Self.modularKey(spki)))
            } catch {
                key = .failure(error)
            }
        }
    }

    /// The curve and point of an id-ecPublicKey SubjectPublicKeyInfo.
    static func ellipticKey(_ spki: TLV) throws(ChipError) -> EllipticKey {
        let parameters: TLV, bits: [UInt8]
        do throws(TLVError) {
            let parts = try spki.children()
            guard spki.tag == 0x30, parts.count == 2, parts[0].tag == 0x30, parts[1].tag == 0x03 else {
                throw TLVError(offset: 0, reason: "the SubjectPublicKeyInfo is not SEQUENCE { algorithm, BIT STRING }")
            }
            let algorithm = try parts[0].children()
            guard algorithm.count == 2, algorithm[0].tag == 0x06, ObjectIdentifierText.decode(algorithm[0].value) == Self.ellipticPublicKey else {
                throw TLVError(offset: 0, reason: "the key's algorithm is not id-ecPublicKey with parameters")
            }
            parameters = algorithm[1]
            bits = parts[1].value
            guard bits.first == 0x00, bits.count <= 2 + 2 * Self.maximumNumberSize else {
                throw TLVError(offset: 0, reason: "the public key's BIT STRING is \(bits.count) bytes, or has unused bits")
            }
        } catch {
            throw ChipError(.garbled, "DG14's Chip Authentication key is malformed: \(error)")
        }
        let standard = try Self.curve(parameters)
        guard let curve = standard.curve else { throw ChipError(.unsupported, "libcrypto here lacks \(standard.name)") }
        do {
            return EllipticKey(curve: curve, point: try curve.decode(Array(bits.dropFirst())))
        } catch {
            throw ChipError(.garbled, "DG14's Chip Authentication key is malformed: \(error.message)")
        }
    }

    /// The group and public value of a DH SubjectPublicKeyInfo: X9.42's dhpublicnumber (p, g, q)
    /// or PKCS #3's dhKeyAgreement (p, g), the public value an INTEGER inside the BIT STRING.
    static func modularKey(_ spki: TLV) throws(ChipError) -> ModularKey {
        let numbers: [[UInt8]], publicKey: [UInt8]
        do throws(TLVError) {
            let parts = try spki.children()
            guard spki.tag == 0x30, parts.count == 2, parts[0].tag == 0x30, parts[1].tag == 0x03 else {
                throw TLVError(offset: 0, reason: "the SubjectPublicKeyInfo is not SEQUENCE { algorithm, BIT STRING }")
            }
            let algorithm = try parts[0].children()
            let name = algorithm.first.flatMap { $0.tag == 0x06 ? ObjectIdentifierText.decode($0.value) : nil }
            guard algorithm.count == 2, name == Self.diffieHellmanX942 || name == Self.diffieHellmanPKCS3, algorithm[1].tag == 0x30 else {
                throw TLVError(offset: 0, reason: "the key's algorithm is not dhpublicnumber or dhKeyAgreement with parameters")
            }
            let parameters = try algorithm[1].children()
            let wanted = name == Self.diffieHellmanX942 ? 3 : 2
            guard parameters.count >= wanted, parameters.prefix(wanted).allSatisfy({ $0.tag == 0x02 && $0.value.count <= Self.maximumModularSize }) else {
                throw TLVError(offset: 0, reason: "the DH parameters are not \(wanted) INTEGERs of at most 4096 bits")
            }
            numbers = parameters.prefix(wanted).map(\.value)
            let bits = parts[1].value
            guard bits.first == 0x00, bits.count <= 8 + Self.maximumModularSize else {
                throw TLVError(offset: 0, reason: "the public key's BIT STRING is oversized or has unused bits")
            }
            let value = try TLV.parseFirst(Array(bits.dropFirst()))
            guard value.tag == 0x02, value.value.count <= Self.maximumModularSize else { throw TLVError(offset: 0, reason: "the DH public value is not an INTEGER") }
            publicKey = Array(value.value.drop { $0 == 0 })
        } catch {
            throw ChipError(.garbled, "DG14's Chip Authentication key is malformed: \(error)")
        }
        do {
            let group = try ModularGroup(prime: numbers[0], generator: numbers[1], order: numbers.count > 2 ? numbers[2] : nil)
            try group.validate(publicKey: publicKey)
            return ModularKey(group: group, publicKey: publicKey)
        } catch {
            throw ChipError(error.kind, "DG14's Chip Authentication key is malformed: \(error.message)")
        }
    }

    /// The standard curve that `parameters` (a named curve OID or explicit ECParameters) is.
    static func curve(_ parameters: TLV) throws(ChipError) -> StandardCurve {
        if parameters.tag == 0x06 {
            let name = ObjectIdentifierText.decode(parameters.value) ?? "?"
            guard let curve = StandardCurve.named(name) else {
                throw ChipError(.unsupported, "DG14's Chip Authentication key is on curve \(name), which this reader does not know")
            }
            return curve
        }
        let explicit: EllipticCurve.DomainParameters
        do throws(TLVError) {
            explicit = try Self.explicitParameters(parameters)
        } catch {
            throw ChipError(.garbled, "DG14's Chip Authentication key has malformed domain parameters: \(error)")
        }
        guard let curve = StandardCurve.matching(explicit) else {
            throw ChipError(.unsupported, "DG14's Chip Authentication key is on explicit domain parameters that are not a standard curve (ICAO 9303 part 11, table 6)")
        }
        return curve
    }

    /// ECParameters (RFC 3279): version 1, a prime field, a and b, the base point, the order, the cofactor.
    static func explicitParameters(_ object: TLV) throws(TLVError) -> EllipticCurve.DomainParameters {
        let parts = try object.children()
        guard object.tag == 0x30, parts.count == 5 || parts.count == 6, SecurityInfo.integer(parts[0]) == 1 else {
            throw TLVError(offset: 0, reason: "not ECParameters version 1 with five or six fields")
        }
        let field = try parts[1].children(), curve = try parts[2].children()
        guard parts[1].tag == 0x30, field.count == 2, field[0].tag == 0x06, ObjectIdentifierText.decode(field[0].value) == Self.primeField, field[1].tag == 0x02 else {
            throw TLVError(offset: 0, reason: "the field is not a prime field")
        }
        guard parts[2].tag == 0x30, curve.count == 2 || curve.count == 3, curve[0].tag == 0x04, curve[1].tag == 0x04 else {
            throw TLVError(offset: 0, reason: "the curve is not SEQUENCE { a, b, seed? }")
        }
        guard parts[3].tag == 0x04, parts[4].tag == 0x02, parts.count == 5 || parts[5].tag == 0x02 else {
            throw TLVError(offset: 0, reason: "the base point or order is not where ECParameters has it")
        }
        let numbers = [field[1].value, curve[0].value, curve[1].value, parts[4].value] + (parts.count == 6 ? [parts[5].value] : [])
        guard numbers.allSatisfy({ !$0.isEmpty && $0.count <= Self.maximumNumberSize }), parts[3].value.count <= 1 + 2 * Self.maximumNumberSize else {
            throw TLVError(offset: 0, reason: "a parameter is empty or longer than any standard curve's")
        }
        return EllipticCurve.DomainParameters(prime: field[1].value, a: curve[0].value, b: curve[1].value, generator: parts[3].value, order: parts[4].value,
                                              cofactor: parts.count == 6 ? parts[5].value : nil)
    }

    /// The SecurityInfo's DER for an elliptic key: id-PK-ECDH, the SubjectPublicKeyInfo on
    /// `curve` (named, or with its parameters spelled out as many issuers write them), the key id.
    public static func encode(curve: StandardCurve, publicKey: [UInt8], explicitParameters: Bool, keyId: Int?) throws(ChipError) -> [UInt8] {
        var parameters = TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(curve.objectIdentifier) ?? [])
        if explicitParameters {
            guard let domain = try curve.curve?.domainParameters else { throw ChipError(.unsupported, "libcrypto here lacks \(curve.name)") }
            let field = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(primeField) ?? []) + integer(domain.prime))
            let coefficients = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x04, value: domain.a) + TLV.encode(tag: 0x04, value: domain.b))
            parameters = TLV.encode(tag: 0x30, value: DERInteger.encode(1) + field + coefficients + TLV.encode(tag: 0x04, value: domain.generator)
                                    + integer(domain.order) + integer(domain.cofactor ?? [1]))
        }
        let algorithm = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(ellipticPublicKey) ?? []) + parameters)
        let spki = TLV.encode(tag: 0x30, value: algorithm + TLV.encode(tag: 0x03, value: [0x00] + publicKey))
        let info = TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(ellipticProtocol) ?? []) + spki + (keyId.map(DERInteger.encode) ?? [])
        return TLV.encode(tag: 0x30, value: info)
    }

    /// The SecurityInfo's DER for a DH key: id-PK-DH, an X9.42 SubjectPublicKeyInfo (p, g, q), the key id.
    public static func encode(group: ModularGroup, publicKey: [UInt8], keyId: Int?) -> [UInt8] {
        let parameters = TLV.encode(tag: 0x30, value: integer(group.prime) + integer(group.generator) + (group.order.map(integer) ?? []))
        let algorithm = TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(diffieHellmanX942) ?? []) + parameters)
        let spki = TLV.encode(tag: 0x30, value: algorithm + TLV.encode(tag: 0x03, value: [0x00] + integer(publicKey)))
        let info = TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(prefix + "1") ?? []) + spki + (keyId.map(DERInteger.encode) ?? [])
        return TLV.encode(tag: 0x30, value: info)
    }

    /// A positive big-endian number as a DER INTEGER.
    private static func integer(_ bytes: [UInt8]) -> [UInt8] {
        let minimal = Array(bytes.drop { $0 == 0 })
        return TLV.encode(tag: 0x02, value: minimal.first.map { $0 & 0x80 != 0 ? [0] + minimal : minimal } ?? [0])
    }
}
