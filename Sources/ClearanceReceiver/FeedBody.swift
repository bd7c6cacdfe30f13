import LaneModel

/// The body of `GET /v1/feed`: `{"next": CURSOR, "records": [{"cursor", "device", "envelope", "seq"}]}`,
/// members in canonical order. Each envelope is spliced in as the device sent it (it parsed as a
/// DSSE envelope before it was stored), so a reader can check the device's signature on the very bytes.
enum FeedBody {
    static func encode(_ page: FeedPage) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(page.entries.reduce(64) { $0 + $1.envelope.count + 96 })
        output += Array("{\"next\":".utf8)
        CanonicalJSON.writeString(page.next.description, into: &output)
        output += Array(",\"records\":[".utf8)
        for (index, entry) in page.entries.enumerated() {
            if index > 0 { output.append(UInt8(ascii: ",")) }
            output += Array("{\"cursor\":".utf8)
            CanonicalJSON.writeString(entry.cursor.description, into: &output)
            output += Array(",\"device\":".utf8)
            CanonicalJSON.writeString(entry.device, into: &output)
            output += Array(",\"envelope\":".utf8)
            output += entry.envelope
            output += Array(",\"seq\":\(entry.seq)}".utf8)
        }
        output += Array("]}".utf8)
        return output
    }
}
