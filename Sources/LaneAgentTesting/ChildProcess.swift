import Foundation
import Synchronization

/// A child process whose standard output is collected continuously while it runs, so it never
/// blocks on a full pipe and can be signalled at any moment.
public final class ChildProcess: Sendable {
    private final class Buffer: Sendable {
        let data = Mutex(Data())
    }

    /// The child's process id.
    public let processIdentifier: Int32
    private let output = Buffer()
    private let errors = Buffer()
    private let readersDone = DispatchSemaphore(value: 0)
    private let status = Mutex<Int32?>(nil)

    /// Starts `executable` with `arguments`, in this process's environment plus `environment`;
    /// with `input`, that is its whole standard input (a PIN a script would pipe in).
    ///
    /// Spawned with posix_spawn rather than Foundation's `Process`: `Process.run` reads
    /// /proc/self/fd to find the highest open descriptor, and crashed there (a memmove over a
    /// bad pointer) in three whole-suite runs while other tests opened and closed sockets.
    public init(_ executable: String, _ arguments: [String], environment: [String: String] = [:], input: String? = nil) throws {
        func pipePair() throws -> (read: Int32, write: Int32) {
            var fds: [Int32] = [-1, -1]
            guard pipe(&fds) == 0 else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            // Close-on-exec in this process, so a child spawned by another test does not hold our pipe's end open.
            for fd in fds { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
            return (fds[0], fds[1])
        }
        let out = try pipePair()
        let err = try pipePair()
        // The whole input goes into the pipe, and its writing end is closed, before the child
        // starts: a small input fits the pipe's buffer, and a child that exits without reading it
        // cannot make this write raise SIGPIPE (which would end the test process).
        let stdin = try input.map { input in
            let pair = try pipePair()
            let bytes = Array(input.utf8)
            _ = bytes.withUnsafeBytes { write(pair.write, $0.baseAddress, $0.count) }
            close(pair.write)
            return pair.read
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_adddup2(&actions, out.write, 1)
        posix_spawn_file_actions_adddup2(&actions, err.write, 2)
        if let stdin { posix_spawn_file_actions_adddup2(&actions, stdin, 0) }
        let variables = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0)=\($1)" }
        let argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = variables.map { strdup($0) } + [nil]
        defer {
            for pointer in argv + envp { free(pointer) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, executable, &actions, nil, argv, envp)
        close(out.write)
        close(err.write)
        if let stdin { close(stdin) }
        guard spawned == 0 else {
            close(out.read)
            close(err.read)
            throw POSIXError(POSIXErrorCode(rawValue: spawned) ?? .EIO)
        }
        processIdentifier = pid
        for (descriptor, sink) in [(out.read, output), (err.read, errors)] {
            let done = readersDone
            // read(2), retrying EINTR (a signal reaching this thread while a suite kills its children).
            let thread = Thread {
                var buffer = [UInt8](repeating: 0, count: 65_536)
                while true {
                    let count = read(descriptor, &buffer, buffer.count)
                    if count < 0, errno == EINTR { continue }
                    guard count > 0 else {
                        close(descriptor)
                        done.signal()
                        return
                    }
                    sink.data.withLock { $0.append(contentsOf: buffer[0..<count]) }
                }
            }
            thread.start()
        }
    }

    /// Sends `signal` to the child.
    public func signal(_ signal: Int32) { kill(processIdentifier, signal) }

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
        status.withLock { status in
            if let status { return status }
            var raw: Int32 = 0
            while waitpid(processIdentifier, &raw, 0) < 0, errno == EINTR {}
            readersDone.wait()
            readersDone.wait()
            // The wait(2) status word: exited when its low 7 bits are 0, the code in the next byte; else the signal.
            let decoded = raw & 0x7F == 0 ? (raw >> 8) & 0xFF : raw & 0x7F
            status = decoded
            return decoded
        }
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
