import Agent
import Synchronization

/// Runs one check with a deadline: a check stuck in a blocking call (a DNS lookup, a port that
/// never answers) becomes a fail line instead of a self-test that never ends.
enum SelfTestDeadline {
    private final class Once<Value: Sendable>: Sendable {
        let continuation = Mutex<CheckedContinuation<Value, Never>?>(nil)

        func resume(_ value: Value) {
            continuation.withLock { waiting in
                waiting?.resume(returning: value)
                waiting = nil
            }
        }
    }

    /// The check's result, or `late` if it has not finished after `seconds`; the check is then
    /// cancelled and left to end on its own, without being waited for.
    static func run<Value: Sendable>(seconds: Double, late: @escaping @Sendable () -> Value,
                                      _ work: @escaping @Sendable () async -> Value) async -> Value {
        let once = Once<Value>()
        var tasks: [Task<Void, Never>] = []
        let value = await withCheckedContinuation { continuation in
            once.continuation.withLock { $0 = continuation }
            tasks.append(Task { once.resume(await work()) })
            tasks.append(Task {
                do { try await Task.sleep(for: .milliseconds(Int64(seconds * 1000))) } catch { return }
                once.resume(late())
            })
        }
        for task in tasks { task.cancel() }
        return value
    }
}
