import LaneModel
import Testing

@Suite("UUIDv7 record ids")
struct UUIDv7Tests {
    @Test("ids carry version 7, the RFC variant and the millisecond time")
    func layout() {
        let time = Timestamp(millisecondsSinceEpoch: 0x0190_0000_0000)
        let id = UUIDv7Generator().next(at: time)
        let parts = id.split(separator: "-")
        #expect(parts.map(\.count) == [8, 4, 4, 4, 12])
        #expect(parts[0] == "01900000" && parts[1] == "0000")
        #expect(parts[2].first == "7")
        #expect("89ab".contains(parts[3].first!))
    }

    @Test("ids made in one millisecond keep rising, and all differ")
    func monotonic() {
        let generator = UUIDv7Generator()
        let time = Timestamp(millisecondsSinceEpoch: 1_795_420_800_000)
        let ids = (0..<10_000).map { _ in generator.next(at: time) }
        #expect(ids == ids.sorted())
        #expect(Set(ids).count == ids.count)
    }
}
