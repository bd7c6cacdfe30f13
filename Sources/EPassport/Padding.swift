/// ISO/IEC 9797-1 padding method 2 (ICAO 9303 part 11, §9.8.6): 0x80, then zeros to a whole block.
public enum Padding {
    /// `data` with 0x80 and as many zeros as take it to a multiple of `blockSize`; always adds at least one byte.
    public static func pad(_ data: [UInt8], blockSize: Int) -> [UInt8] {
        var padded = data + [0x80]
        while padded.count % blockSize != 0 { padded.append(0x00) }
        return padded
    }

    /// `data` without its padding, or nil when it does not end in 0x80 and zeros.
    public static func unpad(_ data: [UInt8]) -> [UInt8]? {
        guard let marker = data.lastIndex(where: { $0 != 0x00 }), data[marker] == 0x80 else { return nil }
        return Array(data[..<marker])
    }
}
