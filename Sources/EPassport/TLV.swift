/// One BER-TLV data object (ISO/IEC 7816-4, X.690): a tag, and the value its length announced.
///
/// Everything a chip sends is parsed with this, so it is total: every input gives objects or a
/// `TLVError`, never a trap. Tags are at most three bytes, lengths at most four (a length is
/// never trusted past the bytes that are there), indefinite lengths are refused, and nesting is
/// only ever walked one level per call, so depth costs the caller, not the parser.
public struct TLV: Sendable, Hashable {
    /// The tag's bytes read big-endian: `0x61`, `0x5F1F`, `0x7F61`.
    public let tag: UInt32
    /// The value's bytes.
    public let value: [UInt8]

    public init(tag: UInt32, value: [UInt8]) {
        self.tag = tag
        self.value = value
    }

    /// True when the value holds TLV objects of its own (bit 6 of the tag's first byte).
    public var isConstructed: Bool { Self.firstByte(of: tag) & 0x20 != 0 }

    /// The object encoded again: tag, definite length, value.
    public var encoded: [UInt8] { Self.encode(tag: tag, value: value) }

    /// The objects inside a constructed object's value.
    public func children() throws(TLVError) -> [TLV] { try Self.parseAll(value) }

    /// The first object inside the value with `tag`, or nil when there is none.
    public func child(_ tag: UInt32) throws(TLVError) -> TLV? { try children().first { $0.tag == tag } }

    /// Every object in `bytes`, one after the other, with nothing left over.
    public static func parseAll(_ bytes: [UInt8]) throws(TLVError) -> [TLV] {
        var objects: [TLV] = []
        var offset = 0
        while offset < bytes.count {
            let (object, end) = try parse(bytes, at: offset)
            objects.append(object)
            offset = end
        }
        return objects
    }

    /// The one object `bytes` starts with; bytes after it are ignored (a file read whole may be
    /// padded after its object).
    public static func parseFirst(_ bytes: [UInt8]) throws(TLVError) -> TLV {
        try parse(bytes, at: 0).object
    }

    /// The object at `offset` in `bytes` and the offset just past it.
    public static func parse(_ bytes: [UInt8], at offset: Int) throws(TLVError) -> (object: TLV, end: Int) {
        guard let header = try header(bytes, at: offset) else {
            throw TLVError(offset: offset, reason: "the object is cut off after \(max(0, bytes.count - offset)) bytes")
        }
        let start = offset + header.headerLength
        guard header.valueLength <= bytes.count - start else {
            throw TLVError(offset: offset, reason: "length \(header.valueLength) runs past the \(bytes.count - start) bytes left")
        }
        return (TLV(tag: header.tag, value: Array(bytes[start..<start + header.valueLength])), start + header.valueLength)
    }

    /// A tag and length as read from the front of an object.
    public struct Header: Sendable, Hashable {
        public let tag: UInt32
        /// Tag and length bytes together.
        public let headerLength: Int
        public let valueLength: Int
        /// The whole object's size: header and value.
        public var totalLength: Int { headerLength + valueLength }
    }

    /// The header of the object at `offset`, or nil when `bytes` end before the header does
    /// (a file's first bytes, read before its size is known). The value need not be there.
    public static func header(_ bytes: [UInt8], at offset: Int = 0) throws(TLVError) -> Header? {
        guard offset >= 0, offset < bytes.count else { return nil }
        var index = offset
        var tag = UInt32(bytes[index])
        guard tag != 0x00, tag != 0xFF else { throw TLVError(offset: offset, reason: "tag byte \(hex(tag)) is padding, not a tag") }
        index += 1
        if tag & 0x1F == 0x1F {
            // Subsequent tag bytes while bit 8 is set; ICAO's tags are at most three bytes long.
            repeat {
                guard index < bytes.count else { return nil }
                guard index - offset < 3 else { throw TLVError(offset: offset, reason: "tag longer than three bytes") }
                tag = tag << 8 | UInt32(bytes[index])
                index += 1
            } while bytes[index - 1] & 0x80 != 0
        }
        guard index < bytes.count else { return nil }
        let first = bytes[index]
        index += 1
        var length = 0
        if first < 0x80 {
            length = Int(first)
        } else if first == 0x80 {
            throw TLVError(offset: offset, reason: "indefinite length (0x80) is not allowed here")
        } else {
            let count = Int(first & 0x7F)
            guard count <= 4 else { throw TLVError(offset: offset, reason: "length in \(count) bytes is beyond any file a chip holds") }
            for _ in 0..<count {
                guard index < bytes.count else { return nil }
                length = length << 8 | Int(bytes[index])
                index += 1
            }
        }
        return Header(tag: tag, headerLength: index - offset, valueLength: length)
    }

    /// `tag`, `value`'s definite length (short form below 128), then `value`.
    public static func encode(tag: UInt32, value: [UInt8]) -> [UInt8] {
        tagBytes(tag) + encodeLength(value.count) + value
    }

    /// A definite BER length: one byte below 128, else 0x81–0x84 and the length's bytes.
    public static func encodeLength(_ length: Int) -> [UInt8] {
        let length = max(0, length)
        if length < 0x80 { return [UInt8(length)] }
        var bytes: [UInt8] = []
        var rest = length
        while rest > 0 {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        }
        return [0x80 | UInt8(bytes.count)] + bytes
    }

    static func tagBytes(_ tag: UInt32) -> [UInt8] {
        if tag > 0xFFFF { return [UInt8(tag >> 16 & 0xFF), UInt8(tag >> 8 & 0xFF), UInt8(tag & 0xFF)] }
        if tag > 0xFF { return [UInt8(tag >> 8), UInt8(tag & 0xFF)] }
        return [UInt8(tag)]
    }

    static func firstByte(of tag: UInt32) -> UInt8 { tagBytes(tag)[0] }

    static func hex(_ value: UInt32) -> String { "0x" + String(value, radix: 16, uppercase: true) }
}
