import Foundation

/// An open Linux input device (`/dev/input/eventN`, or a udev link to one), read-only and, by
/// default, grabbed exclusively so the codes a reader types reach LaneAgent only, not a console
/// or another program. Closed (and the grab released) when the last reference goes.
public final class InputDevice: Sendable {
    /// `EVIOCGRAB`, `_IOW('E', 0x90, int)` in `linux/input.h`.
    static let grabRequest: UInt = 0x4004_4590

    public let path: String
    public let grabbed: Bool
    let descriptor: Int32

    private init(path: String, grabbed: Bool, descriptor: Int32) {
        self.path = path
        self.grabbed = grabbed
        self.descriptor = descriptor
    }

    deinit { close(descriptor) }

    /// Opens `path` read-only and, when `grab` is true, takes the exclusive grab. Without a grab
    /// any file that yields event records will do (tests read a FIFO).
    public static func open(_ path: String, grab: Bool = true) throws(EvdevError) -> InputDevice {
        let descriptor = Glibc.open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else { throw EvdevError(errno: errno, path: path, operation: "open") }
        let device = InputDevice(path: path, grabbed: grab, descriptor: descriptor)
        if grab, ioctl(descriptor, grabRequest, CInt(1)) != 0 {
            throw EvdevError(errno: errno, path: path, operation: "grab")
        }
        return device
    }

    /// Bytes as they arrive, until the stream is dropped; ends with `EvdevError` when the
    /// device goes away (`ENODEV` when a USB reader is unplugged, end of file for a FIFO).
    public func chunks() -> AsyncThrowingStream<[UInt8], any Error> {
        InputDeviceReader.chunks(of: descriptor, path: path, owner: self)
    }
}
