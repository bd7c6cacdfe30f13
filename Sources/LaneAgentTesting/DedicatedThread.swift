import Foundation

/// Runs CPU-heavy test work (property runs over thousands of sequences) on a thread of its own,
/// so the test process's cooperative pool — two threads on a two-core machine — stays free for
/// the async tests that wait on child processes and sockets beside it. The work must not
/// record issues itself (no test context on that thread): return what to check.
public enum DedicatedThread {
    public static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            let thread = Thread { continuation.resume(returning: work()) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
