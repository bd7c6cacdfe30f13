/// EF.COM (ICAO 9303 part 10, §4.6.1): the LDS version, the Unicode version and the tags of
/// the data groups present.
public struct CommonData: Sendable, Hashable {
    /// "0107" for LDS 1.7.
    public let ldsVersion: String
    public let unicodeVersion: String
    /// The data groups the list names, ascending; tags that name none are left out.
    public let dataGroups: [Int]

    public init(_ bytes: [UInt8]) throws(TLVError) {
        let object = try TLV.parseFirst(bytes)
        guard object.tag == 0x60 else { throw TLVError(offset: 0, reason: "EF.COM starts with tag \(TLV.hex(object.tag)), not 0x60") }
        let children = try object.children()
        func text(_ tag: UInt32) -> String { children.first { $0.tag == tag }.map { String(decoding: $0.value, as: UTF8.self) } ?? "" }
        ldsVersion = text(0x5F01)
        unicodeVersion = text(0x5F36)
        guard let list = children.first(where: { $0.tag == 0x5C }) else { throw TLVError(offset: 0, reason: "EF.COM has no tag list (0x5C)") }
        dataGroups = Set(list.value.compactMap(ChipFile.dataGroup(forTag:))).sorted()
    }

    /// EF.COM's bytes for LDS 1.7, Unicode 4.0.0 and `dataGroups`.
    public static func encode(dataGroups: [Int]) -> [UInt8] {
        let tags = dataGroups.sorted().compactMap { ChipFile.dataGroupTags[$0] }
        return TLV.encode(tag: 0x60, value: TLV.encode(tag: 0x5F01, value: Array("0107".utf8)) + TLV.encode(tag: 0x5F36, value: Array("040000".utf8))
                          + TLV.encode(tag: 0x5C, value: tags))
    }
}
