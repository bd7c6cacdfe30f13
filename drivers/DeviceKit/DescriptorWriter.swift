import Foundation

/// Writes whole buffers to a non-blocking descriptor.
enum DescriptorWriter {
    /// Writes all of `bytes`, waiting up to `timeout` in all while the line is full, in short
    /// suspensions rather than a blocked thread: a serial line takes a poll in milliseconds, so
    /// a full one is rare (a cable with flow control on, an indicator that stopped reading).
    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String, timeout: Duration) async throws(SerialPortError) {
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while try !writeAvailable(bytes, from: &offset, to: descriptor, path: path) {
            guard ContinuousClock.now < deadline else { throw full(path, timeout) }
            do { try await Task.sleep(for: .milliseconds(5)) } catch {
                throw SerialPortError(kind: .system, path: path, errorNumber: ECANCELED, operation: "write (cancelled)")
            }
        }
    }

    /// Writes all of `bytes` now, or fails: for the side of a pseudo-terminal that must never wait.
    static func writeNow(_ bytes: [UInt8], to descriptor: Int32, path: String) throws(SerialPortError) {
        var offset = 0
        guard try writeAvailable(bytes, from: &offset, to: descriptor, path: path) else { throw full(path, .zero) }
    }

    /// Writes from `offset` on as much as the descriptor takes; false when the line is full.
    private static func writeAvailable(_ bytes: [UInt8], from offset: inout Int, to descriptor: Int32, path: String) throws(SerialPortError) -> Bool {
        while offset < bytes.count {
            let start = offset
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + start, $0.count - start) }
            if written > 0 {
                offset += written
                continue
            }
            let number = errno
            if written < 0 && number == EINTR { continue }
            if written < 0 && number == EAGAIN { return false }
            throw SerialPortError(errno: written == 0 ? EIO : number, path: path, operation: "write")
        }
        return true
    }

    private static func full(_ path: String, _ waited: Duration) -> SerialPortError {
        SerialPortError(kind: .system, path: path, errorNumber: EAGAIN, operation: "write (the line took nothing for \(waited.formatted(.units(allowed: [.milliseconds]))))")
    }
}
