/// DG14 (ICAO 9303 part 10, §4.7.14): the SecurityInfos for Chip Authentication, and the
/// signature algorithm of Active Authentication when it is ECDSA.
public struct DataGroup14: Sendable, Hashable {
    public let securityInfos: [SecurityInfo]

    public init(_ bytes: [UInt8]) throws(TLVError) {
        let object = try TLV.parseFirst(bytes)
        guard object.tag == 0x6E else { throw TLVError(offset: 0, reason: "DG14 starts with tag \(TLV.hex(object.tag)), not 0x6E") }
        securityInfos = try SecurityInfo.parseSet(object.value)
    }

    /// ActiveAuthenticationInfo's signature algorithm OID (part 11, §9.2.8), e.g. ecdsa-with-SHA256; nil when DG14 has none.
    public var activeAuthenticationAlgorithm: String? {
        guard let info = securityInfos.first(where: { $0.protocolIdentifier == "2.23.136.1.1.5" }), info.elements.count >= 2,
            info.elements[1].tag == 0x06
        else { return nil }
        return ObjectIdentifierText.decode(info.elements[1].value)
    }

    /// The Chip Authentication offer this reader runs, or why there is none.
    public var chipAuthentication: ChipAuthenticationOffer.Choice { ChipAuthenticationOffer.choose(from: securityInfos) }

    /// DG14's bytes holding the SecurityInfos `infos` (each a DER SEQUENCE).
    public static func encode(infos: [[UInt8]]) -> [UInt8] { TLV.encode(tag: 0x6E, value: TLV.encode(tag: 0x31, value: infos.flatMap { $0 })) }

    /// The ActiveAuthenticationInfo naming `algorithm` (dotted OID), a DER SEQUENCE.
    public static func activeAuthenticationInfo(algorithm: String) -> [UInt8] {
        TLV.encode(tag: 0x30, value: TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode("2.23.136.1.1.5") ?? []) + TLV.encode(tag: 0x02, value: [0x01])
                   + TLV.encode(tag: 0x06, value: ObjectIdentifierText.encode(algorithm) ?? []))
    }

    /// DG14's bytes with one ActiveAuthenticationInfo naming `activeAuthenticationAlgorithm` (dotted OID).
    public static func encode(activeAuthenticationAlgorithm: String) -> [UInt8] {
        encode(infos: [activeAuthenticationInfo(algorithm: activeAuthenticationAlgorithm)])
    }
}
