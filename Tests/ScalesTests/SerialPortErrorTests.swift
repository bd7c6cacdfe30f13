import DeviceKit
import Foundation
import Testing

/// Every errno a serial port's calls can fail with, and the kind it is reported as: a missing
/// device at open is a wrong path or an unplugged adapter (a usage error), once open it went away.
@Suite("SerialPortError's errno classes")
struct SerialPortErrorTests {
    typealias Kind = SerialPortError.Kind

    /// errno, then its kind on open, on configure, and on read, write or link.
    static let table: [(Int32, open: Kind, configure: Kind, other: Kind)] = [
        (ENOENT, .notFound, .disconnected, .disconnected),
        (ENODEV, .notFound, .disconnected, .disconnected),
        (EACCES, .permissionDenied, .permissionDenied, .permissionDenied),
        (EPERM, .permissionDenied, .permissionDenied, .permissionDenied),
        (EBUSY, .busy, .busy, .busy),
        (ENOTTY, .notATerminal, .notATerminal, .notATerminal),
        (EINVAL, .system, .notATerminal, .system),
        (EIO, .disconnected, .disconnected, .disconnected),
        (ENXIO, .disconnected, .disconnected, .disconnected),
        (EBADF, .disconnected, .disconnected, .disconnected),
        (EPIPE, .disconnected, .disconnected, .disconnected),
        (EAGAIN, .system, .system, .system),
        (ENOSPC, .system, .system, .system),
        (ELOOP, .system, .system, .system),
    ]

    @Test("each errno gives the same kind it always has, by operation")
    func classes() {
        for row in Self.table {
            let name = String(cString: strerror(row.0))
            #expect(SerialPortError(errno: row.0, path: "/dev/ttyUSB0", operation: "open").kind == row.open, "open: \(name)")
            #expect(SerialPortError(errno: row.0, path: "/dev/ttyUSB0", operation: "configure").kind == row.configure, "configure: \(name)")
            for operation in ["read", "write", "link"] {
                #expect(SerialPortError(errno: row.0, path: "/dev/ttyUSB0", operation: operation).kind == row.other, "\(operation): \(name)")
            }
        }
    }

    @Test("the errno is kept with its own words and code")
    func keepsErrno() {
        let error = SerialPortError(errno: EBUSY, path: "/dev/ttyUSB0", operation: "open")
        #expect(error.errorNumber == EBUSY && error.code == "LA-SERIAL-003" && error.description.contains("fuser /dev/ttyUSB0"))
    }
}
