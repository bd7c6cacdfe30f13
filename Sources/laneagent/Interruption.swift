import Dispatch
import Foundation

/// SIGINT and SIGTERM for commands that run until a technician stops them (Ctrl-C).
enum Interruption {
    /// Runs `body` until it returns, or until SIGINT or SIGTERM cancels it; true when a signal
    /// ended it.
    static func run(_ body: @escaping @Sendable () async throws -> Void) async throws -> Bool {
        let (signals, continuation) = AsyncStream.makeStream(of: Int32.self)
        let sources = [SIGINT, SIGTERM].map { number in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { continuation.yield(number) }
            source.resume()
            return source
        }
        defer {
            for source in sources { source.cancel() }
            continuation.finish()
        }
        return try await withThrowingTaskGroup(of: Bool.self) { group in
            group.addTask {
                try await body()
                return false
            }
            group.addTask {
                for await _ in signals { return true }
                return false
            }
            let interrupted = try await group.next() ?? false
            group.cancelAll()
            return interrupted
        }
    }
}
