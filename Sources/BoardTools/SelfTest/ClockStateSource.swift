import Agent
import Foundation
import Journal
import LaneModel

/// Where `diag selftest` and `diag clock` read the kernel's clock state: adjtimex(2), unless
/// the test seam `LANEAGENT_TEST_CLOCK=synced|unsynced` substitutes a fixed state. The seam
/// exists because a test cannot make the kernel's clock unsynchronised (nor synchronised, on a
/// build machine without NTP); every line that used it says so, so it cannot pass unnoticed.
public struct ClockStateSource: Sendable {
    /// The environment variable of the test seam.
    public static let testVariable = "LANEAGENT_TEST_CLOCK"

    /// Reads the state now.
    public let read: @Sendable () -> KernelClock.Reading
    /// `LANEAGENT_TEST_CLOCK=unsynced` when the seam replaced the kernel; nil when it is the kernel.
    public let substitution: String?

    /// The kernel's own state.
    public static let kernel = ClockStateSource(read: { KernelClock.read() }, substitution: nil)

    public init(read: @escaping @Sendable () -> KernelClock.Reading, substitution: String?) {
        self.read = read
        self.substitution = substitution
    }

    /// The kernel, or the test seam when `LANEAGENT_TEST_CLOCK` is set.
    public static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment) throws(SelfTestError) -> ClockStateSource {
        guard let value = environment[testVariable] else { return .kernel }
        guard let sync = ClockSync(rawValue: value) else { throw .badTestClock(value) }
        // 5 is TIME_ERROR, what the kernel returns while unsynchronised; 0 is TIME_OK.
        let reading = KernelClock.Reading(sync: sync, estimatedErrorMicroseconds: sync == .synced ? 1_000 : 16_000_000,
                                          state: sync == .synced ? 0 : 5, maxErrorMicroseconds: sync == .synced ? 2_000 : 16_000_000,
                                          offsetMicroseconds: 0)
        return ClockStateSource(read: { reading }, substitution: "\(testVariable)=\(value)")
    }
}

/// Why the self-test itself could not run as asked.
public enum SelfTestError: LaneAgentError, Equatable {
    /// `LANEAGENT_TEST_CLOCK` holds something other than `synced` or `unsynced`.
    case badTestClock(String)

    public var code: String { "LA-SELFTEST-001" }
    public var isUsageError: Bool { true }

    public var description: String {
        switch self {
        case .badTestClock(let value):
            "\(ClockStateSource.testVariable) is \"\(value)\"; it must be synced or unsynced (a test seam: unset it on a board) (\(code))"
        }
    }
}
