import Dispatch

/// Runs blocking work (SQLite commits with fsync, file writes) off the async executor's few
/// threads, which must stay free to serve other requests meanwhile.
enum BlockingWork {
    static func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: work()) }
        }
    }

    /// `run` for work that throws a `ReceiverError`.
    static func run<T: Sendable>(_ work: @escaping @Sendable () throws(ReceiverError) -> T) async throws(ReceiverError) -> T {
        let result = await run { () -> Result<T, ReceiverError> in
            do throws(ReceiverError) { return .success(try work()) } catch { return .failure(error) }
        }
        return try result.get()
    }
}
