/// One SecurityInfo of a SecurityInfos set (ICAO 9303 part 11, §9.2): a protocol OID and what
/// follows it, as in EF.CardAccess, EF.CardSecurity and DG14.
public struct SecurityInfo: Sendable, Hashable {
    /// The protocol, dotted.
    public let protocolIdentifier: String
    /// The second element when it is an INTEGER (the version of PACEInfo, ChipAuthenticationInfo…).
    public let version: Int?
    /// The third element when it is an INTEGER (PACE's parameter id, a key id).
    public let parameter: Int?
    /// The elements after the OID as they were, for infos whose shape is another's (public keys, AA's algorithm).
    public let elements: [TLV]

    /// Every SecurityInfo in a DER `SET OF SecurityInfo` (tag 0x31). Elements that are not a
    /// SEQUENCE starting with an OID are skipped: a set may hold infos this reader does not know.
    public static func parseSet(_ bytes: [UInt8]) throws(TLVError) -> [SecurityInfo] {
        let set = try TLV.parseFirst(bytes)
        guard set.tag == 0x31 else { throw TLVError(offset: 0, reason: "SecurityInfos is a SET (0x31), not tag \(TLV.hex(set.tag))") }
        var infos: [SecurityInfo] = []
        for element in try set.children() where element.tag == 0x30 {
            let parts = try element.children()
            guard let first = parts.first, first.tag == 0x06, let oid = ObjectIdentifierText.decode(first.value) else { continue }
            let rest = Array(parts.dropFirst())
            infos.append(SecurityInfo(protocolIdentifier: oid, version: rest.first.flatMap(Self.integer), parameter: rest.dropFirst().first.flatMap(Self.integer), elements: rest))
        }
        return infos
    }

    /// A small non-negative DER INTEGER's value, or nil for anything else.
    static func integer(_ object: TLV) -> Int? {
        guard object.tag == 0x02, !object.value.isEmpty, object.value.count <= 4, object.value[0] & 0x80 == 0 else { return nil }
        return object.value.reduce(0) { $0 << 8 | Int($1) }
    }
}
