import Foundation
import Journal
import LaneModel
import Logging

/// What the board-in-a-VM power-cut test asks of the daemon through its environment, and nothing
/// else may: the unit as packaged sets neither variable.
///
/// - `LANEAGENT_TEST_COMMIT_LOG=PATH`: after each commit reaches the disk, one line per record,
///   `seq sha256-of-payload`, is written to PATH (the VM's virtio port to the host), so the host
///   knows every record the daemon reported committed before the cut.
/// - `LANEAGENT_TEST_JOURNAL_SYNC=off`: commits do not wait for the disk, so the test can show it
///   sees the loss a power cut then causes (its negative control).
public struct PowerCutTestHooks: Sendable {
    public let commitLog: String?
    public let unsynced: Bool

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        commitLog = environment["LANEAGENT_TEST_COMMIT_LOG"].flatMap { $0.isEmpty ? nil : $0 }
        unsynced = environment["LANEAGENT_TEST_JOURNAL_SYNC"] == "off"
    }

    /// `options` with the hooks applied; each applied hook is logged loudly, as no board should run one.
    public func apply(to options: JournalOptions, logger: Logger) throws(HookError) -> JournalOptions {
        var options = options
        if unsynced {
            logger.critical("TEST SETTING: LANEAGENT_TEST_JOURNAL_SYNC=off, commits do not wait for the disk and a power cut loses them")
            options.durability = .unsyncedForTesting
        }
        if let commitLog {
            let descriptor = open(commitLog, O_WRONLY | O_APPEND | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
            guard descriptor >= 0 else {
                throw HookError(description: """
                    LA-TEST-001: LANEAGENT_TEST_COMMIT_LOG=\(commitLog) cannot be opened for writing: \(String(cString: strerror(errno))); unset it (it is for \
                    the VM power-cut test only)
                    """)
            }
            logger.warning("TEST SETTING: LANEAGENT_TEST_COMMIT_LOG, each committed record's seq and hash is written to \(commitLog)")
            options.committed = { records in
                var text = ""
                for record in records { text += "\(record.record.seq) \(Hex.encode(record.payloadHash))\n" }
                // Never blocks the committer: with no reader on the other end, lines are dropped
                // (the host then checks fewer records, never wrong ones).
                let bytes = Array(text.utf8)
                _ = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            }
        }
        return options
    }

    /// A hook the environment asks for that cannot be set up.
    public struct HookError: LaneAgentError {
        public let description: String
        public var code: String { "LA-TEST-001" }
        public var isUsageError: Bool { true }
    }
}
