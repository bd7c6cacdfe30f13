import Foundation

/// Writes whole buffers to a non-blocking descriptor.
enum DescriptorWriter {
    /// Writes all of `bytes`, waiting up to `timeoutMilliseconds` each time the line is full.
    static func write(_ bytes: [UInt8], to descriptor: Int32, path: String, timeoutMilliseconds: Int32 = 1000) throws(SerialPortError) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { Glibc.write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            if written > 0 {
                offset += written
                continue
            }
            let number = errno
            guard written < 0, number == EAGAIN || number == EINTR else {
                throw SerialPortError(errno: written == 0 ? EIO : number, path: path, operation: "write")
            }
            var descriptors = [pollfd(fd: descriptor, events: Int16(POLLOUT), revents: 0)]
            if number == EAGAIN && poll(&descriptors, 1, timeoutMilliseconds) == 0 {
                throw SerialPortError(kind: .system, path: path, errorNumber: EAGAIN, operation: "write (the line took nothing for \(timeoutMilliseconds) ms)")
            }
        }
    }
}
