import LaneModel

/// Hands out crossing ids `<lane>-<yyyyMMdd>-<HHmmss>` of the start time (UTC), adding `-2`,
/// `-3` … when the lane already used the id. Start times never go backwards (the lane clamps
/// its clock), so only the last second's ids can collide.
struct CrossingIdentifiers: Sendable {
    let lane: String
    private var lastBase: String?
    private var usedInLastBase = 0

    init(lane: String) { self.lane = lane }

    mutating func next(startingAt time: Timestamp) -> String {
        // rfc3339 is `YYYY-MM-DDTHH:MM:SS.mmmZ`.
        let text = Array(time.rfc3339)
        let base = "\(lane)-\(String(text[0..<4]))\(String(text[5..<7]))\(String(text[8..<10]))-\(String(text[11..<13]))\(String(text[14..<16]))\(String(text[17..<19]))"
        if base == lastBase {
            usedInLastBase += 1
            return "\(base)-\(usedInLastBase)"
        }
        lastBase = base
        usedInLastBase = 1
        return base
    }
}
