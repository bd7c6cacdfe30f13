import Agent
import LaneModel

/// Event times in replay files: RFC 3339 in UTC, `2026-11-23T08:00:00Z` with any number of
/// fractional digits (`.5`, `.000`, `.123456`), truncated to the millisecond that records use.
public enum ReplayTime {
    /// The instant `text` names, or nil when it is not an RFC 3339 UTC time.
    public static func parse(_ text: String) -> Timestamp? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 20 else { return nil }
        var seconds = Array(bytes[0..<19])
        // RFC 3339 allows a lower-case t and z.
        if seconds[10] == UInt8(ascii: "t") { seconds[10] = UInt8(ascii: "T") }
        var index = 19
        var millis: [UInt8] = []
        if bytes[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < bytes.count, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) { index += 1 }
            guard index > start else { return nil }
            millis = Array(bytes[start..<min(index, start + 3)])
        }
        while millis.count < 3 { millis.append(UInt8(ascii: "0")) }
        let zone = bytes[index...]
        guard zone.elementsEqual("Z".utf8) || zone.elementsEqual("z".utf8) || zone.elementsEqual("+00:00".utf8) else { return nil }
        return Timestamp(rfc3339: String(decoding: seconds + [UInt8(ascii: ".")] + millis + [UInt8(ascii: "Z")], as: UTF8.self))
    }
}
