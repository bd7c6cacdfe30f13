/// DER object identifiers as dotted text (`0.4.0.127.0.7.2.2.4.2.2`) and back, for the
/// SecurityInfos in EF.CardAccess and DG14.
public enum ObjectIdentifierText {
    /// The dotted form of an OID's content bytes, or nil when they are not a valid OID encoding.
    public static func decode(_ bytes: [UInt8]) -> String? {
        guard !bytes.isEmpty, bytes.count <= 64, bytes.last! & 0x80 == 0 else { return nil }
        var arcs: [UInt64] = []
        var value: UInt64 = 0
        var digits = 0
        for byte in bytes {
            guard !(digits == 0 && byte == 0x80) else { return nil }  // a leading 0x80 is not minimal
            guard digits < 9 else { return nil }  // beyond 63 bits: no arc in ICAO's OIDs is near that
            value = value << 7 | UInt64(byte & 0x7F)
            digits += 1
            if byte & 0x80 == 0 {
                arcs.append(value)
                value = 0
                digits = 0
            }
        }
        let first = arcs[0]
        let head: [UInt64] = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80]
        return (head + arcs.dropFirst()).map(String.init).joined(separator: ".")
    }

    /// The content bytes of the dotted OID `text`, or nil when it is not one.
    public static func encode(_ text: String) -> [UInt8]? {
        let arcs = text.split(separator: ".").compactMap { UInt64($0) }
        guard arcs.count >= 2, arcs.count == text.split(separator: ".").count, arcs[0] <= 2, arcs[1] < 40 || arcs[0] == 2 else { return nil }
        var bytes: [UInt8] = []
        for arc in [arcs[0] * 40 + arcs[1]] + arcs.dropFirst(2) {
            var chunk: [UInt8] = [UInt8(arc & 0x7F)]
            var rest = arc >> 7
            while rest > 0 {
                chunk.insert(UInt8(rest & 0x7F) | 0x80, at: 0)
                rest >>= 7
            }
            bytes += chunk
        }
        return bytes
    }
}
