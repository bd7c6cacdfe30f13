import Agent
import BoardTools
import LaneAgentTesting
import Testing

/// `diag bench-lanes` reports one latency per crossing: the runners keep only their latest
/// samples, so the bench must take each crossing's as it ends.
struct LaneBenchTests {
    @Test func oneDecisionAndOneActuationLatencyPerCrossing() async throws {
        let directory = TemporaryDirectory("bench-lanes")
        let result = try await LaneBench(lanes: 2, crossings: 6).run(directory: directory.path)
        #expect(result.crossings == 12)
        #expect(result.decision.count == 12)
        #expect(result.actuation.count == 12)
        #expect(result.decision.allSatisfy { $0 > .zero })
    }
}
