/// Small non-negative DER INTEGERs, as SecurityInfos carry versions and key ids.
enum DERInteger {
    /// The INTEGER's TLV: minimal big-endian content, a leading zero when the top bit is set.
    static func encode(_ value: Int) -> [UInt8] { TLV.encode(tag: 0x02, value: content(UInt64(max(0, value)))) }

    /// `value`'s minimal unsigned big-endian bytes (one zero byte for zero), without DER's sign byte.
    static func unsignedBytes(_ value: Int) -> [UInt8] {
        var bytes: [UInt8] = []
        var rest = UInt64(max(0, value))
        repeat {
            bytes.insert(UInt8(rest & 0xFF), at: 0)
            rest >>= 8
        } while rest > 0
        return bytes
    }

    private static func content(_ value: UInt64) -> [UInt8] {
        let bytes = unsignedBytes(Int(value))
        return bytes[0] & 0x80 != 0 ? [0] + bytes : bytes
    }
}
