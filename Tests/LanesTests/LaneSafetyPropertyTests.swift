import LaneAgentTesting
import LaneModel
import Lanes
import Testing

/// The safety rules over many random event sequences: no actuation before the decision (or
/// override) is committed, nothing opens without a committed CLEAR, the barrier never closes on
/// an occupied exit loop, no CLEAR with a failed or missing rule, a fault, an unsynchronised
/// clock or no reference data, and the lane never traps.
@Suite struct LaneSafetyPropertyTests {
    static let sequencesPerKind = 2_000

    @Test(arguments: LaneKind.allCases)
    func safetyHoldsOverRandomSequences(_ kind: LaneKind) async {
        // Seconds of CPU: off the cooperative pool, so the async tests beside it keep running.
        let (violation, counts) = await DedicatedThread.run { () -> (String?, [String: Int]) in
            var counts: [String: Int] = [:]
            for index in 0..<Self.sequencesPerKind {
                let seed = 0x5EED_0000 + UInt64(index) + (kind == .cargo ? 0 : 1_000_000)
                var simulation = LaneSafetySimulation(kind: kind, seed: seed)
                if let violation = simulation.run(steps: 80) {
                    return ("seed \(seed) (\(kind.rawValue) lane): \(violation)\n\(simulation.recentTrace)", counts)
                }
                counts.merge(simulation.counts, uniquingKeysWith: +)
            }
            return (nil, counts)
        }
        if let violation {
            Issue.record(Comment(rawValue: violation))
            return
        }
        // The runs must reach every path the rules above speak of, or they proved nothing.
        let reached = kind == .cargo ? ["CLEAR", "REFER", "HOLD", "override CLEAR", "override HOLD", "lights.green", "barrier.open", "barrier.close", "lights.red"]
            : ["CLEAR", "REFER", "HOLD", "override CLEAR", "override HOLD", "turnstile.release", "lights.green", "lights.red"]
        for key in reached { #expect(counts[key, default: 0] >= 50, "\(key) reached \(counts[key, default: 0]) times: \(counts)") }
    }
}
