/// The latest latencies of one kind and how many were ever recorded. A daemon runs for months,
/// so only a window is kept; a reader that follows it (the metrics) asks for what is new.
struct LatencyWindow: Sendable {
    let capacity: Int
    /// Samples recorded since the start, including those the window no longer holds.
    private(set) var recorded = 0
    private var ring: [Duration] = []

    init(capacity: Int) {
        precondition(capacity > 0, "a latency window holds at least one sample")
        self.capacity = capacity
    }

    mutating func record(_ duration: Duration) {
        if ring.count < capacity { ring.append(duration) } else { ring[recorded % capacity] = duration }
        recorded += 1
    }

    /// The samples recorded after the first `count`, oldest first, as far as the window holds them.
    func since(_ count: Int) -> [Duration] {
        let first = max(count, recorded - ring.count)
        guard first < recorded else { return [] }
        return (first..<recorded).map { ring[$0 % capacity] }
    }
}
