import Foundation
import Synchronization

/// A child process whose standard output is collected continuously while it runs, so it never
/// blocks on a full pipe and can be signalled at any moment.
public final class ChildProcess: Sendable {
    private final class Buffer: Sendable {
        let data = Mutex(Data())
    }

    private let process = Process()
    private let output = Buffer()
    private let errors = Buffer()
    private let readersDone = DispatchSemaphore(value: 0)
    private let collected = Mutex(false)

    /// Starts `executable` with `arguments`.
    public init(_ executable: String, _ arguments: [String]) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        for (pipe, sink) in [(out, output), (err, errors)] {
            let handle = pipe.fileHandleForReading
            let done = readersDone
            let thread = Thread {
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { done.signal(); return }
                    sink.data.withLock { $0.append(chunk) }
                }
            }
            thread.start()
        }
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends `signal` to the child.
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit and its output to be read; returns the exit status
    /// (or the signal number for a child killed by a signal).
    @discardableResult
    public func wait() -> Int32 {
        process.waitUntilExit()
        if !collected.withLock({ $0 }) {
            readersDone.wait()
            readersDone.wait()
            collected.withLock { $0 = true }
        }
        return process.terminationStatus
    }

    /// Standard output so far.
    public var stdout: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }
    /// Standard error so far.
    public var stderr: String { errors.data.withLock { String(decoding: $0, as: UTF8.self) } }
}
