import LaneModel

/// The `time` of a container event: RFC 3339 with any fraction of a second (or none) and `Z`
/// or a numeric offset, as cameras write it: `2025-03-01T08:15:02+07:00`,
/// `2025-03-01T01:15:02.5Z`.
enum ContainerEventTime {
    /// The instant `text` names, or nil when it is not such a date-time.
    static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20, [UInt8(ascii: "T"), UInt8(ascii: "t"), 0x20].contains(bytes[10]) else { return nil }
        var index = 19
        var milliseconds = 0
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            var place = 100
            let start = index
            while index < bytes.count, let digit = digit(bytes[index]) {
                milliseconds += digit * place
                place /= 10
                index += 1
            }
            guard index > start else { return nil }
        }
        guard index < bytes.count else { return nil }
        var offsetMinutes = 0
        switch bytes[index] {
        case UInt8(ascii: "Z"), UInt8(ascii: "z"):
            index += 1
        case UInt8(ascii: "+"), UInt8(ascii: "-"):
            let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
            let zone = Array(bytes[(index + 1)...]).filter { $0 != UInt8(ascii: ":") }
            guard zone.count == 4, bytes.count - index - 1 <= 5, let hours = number(zone[0..<2]), let minutes = number(zone[2..<4]),
                  hours < 24, minutes < 60 else { return nil }
            offsetMinutes = sign * (hours * 60 + minutes)
            index = bytes.count
        default:
            return nil
        }
        guard index == bytes.count else { return nil }
        let base = String(decoding: bytes[0..<10], as: UTF8.self) + "T" + String(decoding: bytes[11..<19], as: UTF8.self)
        let padded = String(1000 + milliseconds).dropFirst()
        guard let local = Timestamp(rfc3339: "\(base).\(padded)Z") else { return nil }
        return Timestamp(millisecondsSinceEpoch: local.millisecondsSinceEpoch - Int64(offsetMinutes) * 60_000)
    }

    private static func digit(_ byte: UInt8) -> Int? {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? Int(byte - UInt8(ascii: "0")) : nil
    }

    private static func number(_ bytes: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for byte in bytes {
            guard let digit = digit(byte) else { return nil }
            value = value * 10 + digit
        }
        return value
    }
}
