import AgentTesting
import Foundation
import Journal
import LaneAgentTesting
import LaneModel

/// Helpers shared by the CLI tests.
enum CLI {
    static func run(_ arguments: String...) async throws -> CommandRunner.Output {
        try await CommandRunner.laneagent(arguments)
    }

    /// Every record of the agent's journal, in seq order.
    static func records(_ agent: TestAgent) throws -> [Record] { try agent.records() }

    /// The python3 helper that verifies exports independently of our code.
    static var independentVerifier: String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts/verify_dsse.py").path
    }
}
