import Foundation

/// What a failed system call's `errno` says about the device it was made on. The device errors
/// (serial port, input device, GPIO chip) each keep their own codes and words and map these
/// classes to them, so an errno means the same thing to every driver.
public enum SystemErrorClass: Sendable, Hashable, CaseIterable {
    /// No such device: a wrong path, or a device not plugged in.
    case notFound
    /// The user may not open it.
    case permissionDenied
    /// Another program holds it.
    case busy
    /// The path is not the kind of device the call needs.
    case notADevice
    /// The device went away while open (unplugged, hung up).
    case gone
    /// Any other system error; its own words say what.
    case other

    /// Which call failed: the same errno means a wrong path at open but an unplugged device later.
    public enum Step: Sendable, Hashable, CaseIterable {
        /// Opening the device's path.
        case opening
        /// The first ioctl on the open descriptor that only the right kind of device accepts
        /// (termios settings, an exclusive grab).
        case settingUp
        /// Reading, writing, or anything else on a device that was set up.
        case using
    }

    /// The class of `errno` from a call made at `step`.
    public init(errno number: Int32, during step: Step) {
        self = switch number {
        case ENOENT, ENODEV: step == .opening ? .notFound : .gone
        case EACCES, EPERM: .permissionDenied
        case EBUSY: .busy
        case ENOTTY: .notADevice
        // The device's own ioctl refusing its arguments: not that kind of device.
        case EINVAL where step == .settingUp: .notADevice
        case EIO, ENXIO, EBADF, EPIPE: .gone
        default: .other
        }
    }
}
