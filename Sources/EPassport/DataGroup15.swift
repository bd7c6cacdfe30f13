/// DG15 (ICAO 9303 part 10, §4.7.15): the chip's Active Authentication public key.
public struct DataGroup15: Sendable, Hashable {
    /// The key as a DER SubjectPublicKeyInfo.
    public let subjectPublicKeyInfo: [UInt8]

    public init(_ bytes: [UInt8]) throws(TLVError) {
        let object = try TLV.parseFirst(bytes)
        guard object.tag == 0x6F else { throw TLVError(offset: 0, reason: "DG15 starts with tag \(TLV.hex(object.tag)), not 0x6F") }
        let key = try TLV.parseFirst(object.value)
        guard key.tag == 0x30 else { throw TLVError(offset: 0, reason: "DG15 holds no SubjectPublicKeyInfo SEQUENCE") }
        subjectPublicKeyInfo = key.encoded
    }

    /// DG15's bytes for a DER SubjectPublicKeyInfo.
    public static func encode(subjectPublicKeyInfo: [UInt8]) -> [UInt8] { TLV.encode(tag: 0x6F, value: subjectPublicKeyInfo) }
}
