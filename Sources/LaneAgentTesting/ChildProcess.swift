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

    /// Starts `executable` with `arguments`, in this process's environment plus `environment`;
    /// with `input`, that is its whole standard input (a PIN a script would pipe in).
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws {
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = out
        process.standardError = err
        if let input {
            // Written and closed before the child starts: a small input fits the pipe's buffer,
            // and a child that exits without reading it cannot make this write raise SIGPIPE.
            let stdin = Pipe()
            stdin.fileHandleForWriting.write(Data(input.utf8))
            try stdin.fileHandleForWriting.close()
            process.standardInput = stdin
        }
        try process.run()
        for (pipe, sink) in [(out, output), (err, errors)] {
            let handle = pipe.fileHandleForReading
            let done = readersDone
            // read(2) rather than FileHandle.availableData, which traps on EINTR (seen when a
            // signal reached this thread while a suite killed its children).
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(handle.fileDescriptor, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else { done.signal(); return }
                    sink.data.withLock { $0.append(contentsOf: buffer[0..<count]) }
                }
            }
            thread.start()
        }
    }

    public var processIdentifier: Int32 { process.processIdentifier }

    /// Sends `signal` to the child.
    public func signal(_ signal: Int32) { kill(process.processIdentifier, signal) }

    /// Waits for the child to exit and its output to be read; returns the exit status
    /// (or the signal number for a child killed by a signal). The blocking wait runs on a
    /// thread of its own: a test that blocked the cooperative pool would starve every other
    /// test's tasks (simulators and devices among them) running in the same process.
    @discardableResult
    public func wait() async -> Int32 {
        await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: self.waitBlocking()) }.start()
        }
    }

    private func waitBlocking() -> Int32 {
        process.waitUntilExit()
        collected.withLock { done in
            if !done {
                readersDone.wait()
                readersDone.wait()
                done = true
            }
        }
        return process.terminationStatus
    }

    /// Waits until standard output holds `text` `count` times, or `seconds` pass; says which.
    /// The output is looked at once more after the deadline, since a task starved past it (the
    /// whole suite on two cores) may find the text long there.
    @discardableResult
    public func waitForOutput(_ text: String, count: Int = 1, seconds: Double = 30) async -> Bool {
        let deadline = ContinuousClock.now + .seconds(seconds)
        while stdout.components(separatedBy: text).count - 1 < count {
            guard ContinuousClock.now < deadline else { return stdout.components(separatedBy: text).count - 1 >= count }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return true
    }

    /// Standard output so far.
    public var stdout: String { output.data.withLock { String(decoding: $0, as: UTF8.self) } }
    /// Standard error so far.
    public var stderr: String { errors.data.withLock { String(decoding: $0, as: UTF8.self) } }
}
