import Agent
import ClearanceProtocol
import LaneModel

/// Why a replay could not start; every one is a usage or configuration problem (exit 2).
public struct ReplayError: LaneAgentError, Equatable {
    public let code: String
    public let description: String
    public var isUsageError: Bool { true }

    /// The events file cannot be opened.
    public static func events(_ path: String, _ problem: String) -> ReplayError {
        ReplayError(code: "LA-REPLAY-001", description: "\(path): \(problem) (LA-REPLAY-001)")
    }

    /// The reference data given or configured is not usable.
    public static func reference(_ source: String, _ problem: String) -> ReplayError {
        ReplayError(code: "LA-REPLAY-002", description: "\(source): \(problem) (LA-REPLAY-002)")
    }

    /// Signed reference data that did not verify (signature, site, damaged held copy).
    public static func reference(_ refused: ReferenceError) -> ReplayError {
        ReplayError(code: "LA-REPLAY-002", description: "\(refused.message) (\(refused.code), LA-REPLAY-002)")
    }

    /// The configuration declares no `[[lanes]]`, so there is nothing to replay on.
    public static func noLanes(_ configPath: String) -> ReplayError {
        ReplayError(code: "LA-REPLAY-003", description: "\(configPath): no [[lanes]] are configured; replay runs the configured lanes (LA-REPLAY-003)")
    }

    private init(code: String, description: String) {
        self.code = code
        self.description = description
    }
}
