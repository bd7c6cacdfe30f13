import ClearanceReceiver
import LaneModel
import Testing

/// Which boards the fleet page marks for attention, and that a board's own words stay text.
struct FleetPageTests {
    static let now = Timestamp(rfc3339: "2026-12-06T12:00:00.000Z")!

    static func board(_ device: String, uploadedSecondsAgo: Int64, clock: ClockSync) -> DeviceSummary {
        var summary = DeviceSummary(device: device, lastUploadAt: Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - uploadedSecondsAgo * 1000),
                                    instance: "central-a", acceptedThrough: 10)
        summary.clock = clock
        return summary
    }

    @Test("a board silent for over 5 minutes or with its clock unsynchronised is marked and listed first; a healthy one is not")
    func attention() {
        let healthy = Self.board("A-fresh", uploadedSecondsAgo: 30, clock: .synced)
        let stale = Self.board("B-stale", uploadedSecondsAgo: 301, clock: .synced)
        let unsynced = Self.board("C-clock", uploadedSecondsAgo: 30, clock: .unsynced)
        let page = FleetPage([healthy, stale, unsynced], instance: "central-a", now: Self.now)
        #expect(page.attention(healthy).isEmpty)
        #expect(page.attention(stale) == ["no upload for 5 min"])
        #expect(page.attention(unsynced) == ["clock not synchronised"])
        let html = page.html
        let order = ["B-stale", "C-clock", "A-fresh"].map { html.range(of: "id=\"board-\($0)\"")?.lowerBound }
        #expect(order.allSatisfy { $0 != nil } && order[0]! < order[1]! && order[1]! < order[2]!, "boards needing attention come first")
        #expect(html.contains("2 needing attention"))
    }

    @Test("a board named with markup is shown as text, and its element id keeps only safe characters")
    func escaped() {
        let hostile = Self.board("<script>x</script>\"'", uploadedSecondsAgo: 0, clock: .synced)
        let html = FleetPage([hostile], instance: "<i>", now: Self.now).html
        #expect(!html.contains("<script>") && !html.contains("<i>"))
        #expect(html.contains("&lt;script&gt;x&lt;/script&gt;&quot;&#39;"))
        #expect(html.contains("id=\"board-_script_x__script___\""))
    }
}
