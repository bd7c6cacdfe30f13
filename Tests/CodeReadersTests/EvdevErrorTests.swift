import CodeReaders
import Foundation
import Testing

/// Every errno an input device's calls can fail with, and the kind it is reported as. Two differ
/// from a serial port's and are kept as they were: ENXIO on open is a reader not plugged in (a
/// serial port calls it gone), and EPIPE is any other system error (a serial port calls it gone).
@Suite("EvdevError's errno classes")
struct EvdevErrorTests {
    typealias Kind = EvdevError.Kind

    /// errno, then its kind on open, on grab, and on read.
    static let table: [(Int32, open: Kind, grab: Kind, read: Kind)] = [
        (ENOENT, .notFound, .disconnected, .disconnected),
        (ENODEV, .notFound, .disconnected, .disconnected),
        (ENXIO, .notFound, .disconnected, .disconnected),
        (EACCES, .permissionDenied, .permissionDenied, .permissionDenied),
        (EPERM, .permissionDenied, .permissionDenied, .permissionDenied),
        (EBUSY, .busy, .busy, .busy),
        (ENOTTY, .notAnInputDevice, .notAnInputDevice, .notAnInputDevice),
        (EINVAL, .system, .notAnInputDevice, .system),
        (EIO, .disconnected, .disconnected, .disconnected),
        (EBADF, .disconnected, .disconnected, .disconnected),
        (EPIPE, .system, .system, .system),
        (EAGAIN, .system, .system, .system),
        (ENOSPC, .system, .system, .system),
        (ELOOP, .system, .system, .system),
    ]

    @Test("each errno gives the same kind it always has, by operation")
    func classes() {
        for row in Self.table {
            let name = String(cString: strerror(row.0))
            #expect(EvdevError(errno: row.0, path: "/dev/input/event3", operation: "open").kind == row.open, "open: \(name)")
            #expect(EvdevError(errno: row.0, path: "/dev/input/event3", operation: "grab").kind == row.grab, "grab: \(name)")
            #expect(EvdevError(errno: row.0, path: "/dev/input/event3", operation: "read").kind == row.read, "read: \(name)")
        }
    }
}
