import Foundation

/// Reads a file descriptor on its own thread (poll(2), then read(2)) and hands the bytes to an
/// async stream, so a blocked device never holds one of the few cooperative threads.
enum DescriptorReader {
    /// Chunks read from `descriptor` until the stream is dropped or the device goes away
    /// (the stream then ends with a `SerialPortError`). `owner` keeps the descriptor open
    /// while the thread runs.
    static func chunks(of descriptor: Int32, path: String, owner: some AnyObject & Sendable) -> AsyncThrowingStream<[UInt8], any Error> {
        let (stream, continuation) = AsyncThrowingStream.makeStream(of: [UInt8].self)
        let wake: WakePipe
        do { wake = try WakePipe() } catch {
            continuation.finish(throwing: error)
            return stream
        }
        continuation.onTermination = { _ in wake.wake() }
        let thread = Thread {
            defer { wake.close() }
            withExtendedLifetime(owner) {
                continuation.finish(throwing: readLoop(descriptor, path: path, wake: wake.readDescriptor, continuation))
            }
        }
        thread.name = "read \(path)"
        thread.start()
        return stream
    }

    /// Returns nil when woken to stop, or the error that ended reading.
    private static func readLoop(_ descriptor: Int32, path: String, wake: Int32,
                                 _ continuation: AsyncThrowingStream<[UInt8], any Error>.Continuation) -> SerialPortError? {
        var buffer = [UInt8](repeating: 0, count: 4096)
        var fds = [pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0), pollfd(fd: wake, events: Int16(POLLIN), revents: 0)]
        while true {
            fds[0].revents = 0
            fds[1].revents = 0
            let ready = poll(&fds, 2, -1)
            if ready < 0 {
                if errno == EINTR { continue }
                return SerialPortError(errno: errno, path: path, operation: "read")
            }
            if fds[1].revents != 0 { return nil }
            let events = Int32(fds[0].revents)
            if events & Int32(POLLNVAL) != 0 { return SerialPortError(kind: .disconnected, path: path, errorNumber: EBADF, operation: "read") }
            // Read even on POLLHUP: bytes sent just before a hang-up are still delivered.
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count > 0 {
                continuation.yield(Array(buffer[0..<count]))
                continue
            }
            if count == 0 {
                // A hung-up terminal reads as end of file: the adapter is gone.
                return SerialPortError(kind: .disconnected, path: path, errorNumber: 0, operation: "read")
            }
            switch errno {
            case EINTR, EAGAIN: if events & Int32(POLLHUP | POLLERR) != 0 {
                return SerialPortError(kind: .disconnected, path: path, errorNumber: EIO, operation: "read")
            }
            case let number: return SerialPortError(errno: number, path: path, operation: "read")
            }
        }
    }
}
