import LaneModel

/// The tests' clock: time moves only when a test moves it.
struct ManualClock: Sendable {
    var now: Timestamp

    mutating func advance(seconds: Double) {
        now = Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch + Int64((seconds * 1000).rounded()))
    }
}
