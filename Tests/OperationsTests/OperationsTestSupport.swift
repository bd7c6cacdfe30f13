import Foundation
import LaneAgentTesting

/// Where the repository's deploy/ folder is, for tests that check committed deployment files.
enum RepositoryFolder {
    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    static let deploy = root.appendingPathComponent("deploy")
    static let drivers = root.appendingPathComponent("drivers")
}
