import Foundation
@testable import LaneIO
import Testing

/// Every errno opening a GPIO chip can fail with, and what LA-GPIO-001 then says. Unlike a serial
/// port or an input device, a GPIO chip reads ENODEV at open as a path that is not a GPIO chip.
@Suite("GPIO chip open errors by errno")
struct GPIOOpenErrorTests {
    static func reason(_ cause: Int32) -> String {
        guard case .noChip(let name, let reason) = LibgpiodChip.openError("gpiochip7", errno: cause) else { return "" }
        #expect(name == "gpiochip7")
        return reason
    }

    @Test("ENOENT: no such chip, naming those there are (or that there are none)")
    func missing() {
        let reason = Self.reason(ENOENT)
        #expect(reason.contains("no GPIO character devices") || reason.contains("/dev/gpiochip7 does not exist"))
    }

    @Test("EACCES and EPERM: permission, with the gpio group", arguments: [EACCES, EPERM])
    func permission(_ cause: Int32) {
        #expect(Self.reason(cause).hasPrefix("permission denied on /dev/gpiochip7: run as a user in the gpio group"))
    }

    @Test("ENODEV and ENOTTY: not a GPIO character device", arguments: [ENODEV, ENOTTY])
    func notAChip(_ cause: Int32) {
        #expect(Self.reason(cause) == "/dev/gpiochip7 is not a GPIO character device")
    }

    @Test("any other errno: the system's words", arguments: [EBUSY, EIO, ENXIO, EBADF, EPIPE, EINVAL, EAGAIN, ELOOP])
    func other(_ cause: Int32) {
        #expect(Self.reason(cause) == String(cString: strerror(cause)))
    }
}
