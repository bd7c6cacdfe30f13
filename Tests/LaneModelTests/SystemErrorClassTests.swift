import Foundation
import LaneModel
import Testing

/// The one errno classification the device errors share, as a table: SerialPortErrorTests,
/// EvdevErrorTests and GPIOOpenErrorTests check what each error makes of it.
@Suite("errno classes")
struct SystemErrorClassTests {
    /// errno, then its class when opening, setting up and using the device.
    static let table: [(Int32, opening: SystemErrorClass, settingUp: SystemErrorClass, using: SystemErrorClass)] = [
        (ENOENT, .notFound, .gone, .gone),
        (ENODEV, .notFound, .gone, .gone),
        (EACCES, .permissionDenied, .permissionDenied, .permissionDenied),
        (EPERM, .permissionDenied, .permissionDenied, .permissionDenied),
        (EBUSY, .busy, .busy, .busy),
        (ENOTTY, .notADevice, .notADevice, .notADevice),
        (EINVAL, .other, .notADevice, .other),
        (EIO, .gone, .gone, .gone),
        (ENXIO, .gone, .gone, .gone),
        (EBADF, .gone, .gone, .gone),
        (EPIPE, .gone, .gone, .gone),
        (EAGAIN, .other, .other, .other),
        (EINTR, .other, .other, .other),
        (ENOSPC, .other, .other, .other),
        (ELOOP, .other, .other, .other),
        (0, .other, .other, .other),
    ]

    @Test("each errno's class at each step")
    func classes() {
        for row in Self.table {
            let name = String(cString: strerror(row.0))
            #expect(SystemErrorClass(errno: row.0, during: .opening) == row.opening, "opening: \(name)")
            #expect(SystemErrorClass(errno: row.0, during: .settingUp) == row.settingUp, "setting up: \(name)")
            #expect(SystemErrorClass(errno: row.0, during: .using) == row.using, "using: \(name)")
        }
    }

    @Test("the table names every class")
    func everyClass() {
        let named = Set(Self.table.flatMap { [$0.opening, $0.settingUp, $0.using] })
        #expect(named == Set(SystemErrorClass.allCases))
    }
}
