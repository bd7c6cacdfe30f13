/// A file of the eMRTD application (ICAO 9303 part 10): its name, file identifier, the tag its
/// contents start with, and the most bytes this reader accepts for it.
public struct ChipFile: Sendable, Hashable, CustomStringConvertible {
    /// "EF.COM", "EF.SOD", "DG2".
    public let name: String
    public let identifier: UInt16
    /// The tag of the one object the file holds.
    public let tag: UInt32
    /// Bytes beyond this are refused before they are read: a chip cannot make the reader allocate what it likes.
    public let sizeLimit: Int
    /// The data group's number, nil for the EF.* files.
    public let dataGroup: Int?

    public var description: String { name }

    /// EF.CardAccess, in the master file, readable without access control.
    public static let cardAccess = ChipFile(name: "EF.CardAccess", identifier: 0x011C, tag: 0x31, sizeLimit: 4096, dataGroup: nil)
    /// EF.COM: the LDS version and the data groups present.
    public static let common = ChipFile(name: "EF.COM", identifier: 0x011E, tag: 0x60, sizeLimit: 1024, dataGroup: nil)
    /// EF.SOD: the document security object.
    public static let securityObject = ChipFile(name: "EF.SOD", identifier: 0x011D, tag: 0x77, sizeLimit: 64 * 1024, dataGroup: nil)

    /// Data group `number` (1…16), or nil for any other number. DG2 (the face) may be 256 KiB, the others 64 KiB.
    public static func dataGroup(_ number: Int) -> ChipFile? {
        guard let tag = dataGroupTags[number] else { return nil }
        return ChipFile(name: "DG\(number)", identifier: 0x0100 + UInt16(number), tag: UInt32(tag), sizeLimit: number == 2 ? 256 * 1024 : 64 * 1024,
                        dataGroup: number)
    }

    /// The data group a tag in EF.COM's list names, or nil.
    public static func dataGroup(forTag tag: UInt8) -> Int? { dataGroupTags.first { $0.value == tag }?.key }

    /// ICAO 9303 part 10, table 35: each data group's tag.
    static let dataGroupTags: [Int: UInt8] = [
        1: 0x61, 2: 0x75, 3: 0x63, 4: 0x76, 5: 0x65, 6: 0x66, 7: 0x67, 8: 0x68,
        9: 0x69, 10: 0x6A, 11: 0x6B, 12: 0x6C, 13: 0x6D, 14: 0x6E, 15: 0x6F, 16: 0x70,
    ]
}
