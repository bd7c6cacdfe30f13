import CLibUSB
import LaneModel

/// Why USB devices could not be listed or watched.
public struct USBError: LaneAgentError, Equatable {
    /// What went wrong, as a stable code.
    public enum Kind: String, Sendable {
        /// The running kernel has no USB support (no `/sys/bus/usb`), as on containers and
        /// build machines: there is nothing to list, which is not the same as an empty bus.
        case noKernelUSB = "LA-USB-001"
        /// libusb could not start for another reason.
        case initFailed = "LA-USB-002"
        /// libusb started but could not enumerate the devices.
        case listFailed = "LA-USB-003"
        /// This libusb cannot report plugging and unplugging here.
        case hotplugUnsupported = "LA-USB-004"
        /// Watching for plugging and unplugging failed.
        case hotplugFailed = "LA-USB-005"
    }

    public let kind: Kind
    /// The call that failed ("libusb_init"), or for a missing USB subsystem the folder that is
    /// missing ("/sys/bus/usb/devices").
    public let operation: String
    /// libusb's error code (`LIBUSB_ERROR_…`), or 0 when the failure was not libusb's.
    public let libusbCode: Int32

    public init(kind: Kind, operation: String, libusbCode: Int32 = 0) {
        self.kind = kind
        self.operation = operation
        self.libusbCode = libusbCode
    }

    public var code: String { kind.rawValue }
    public var isUsageError: Bool { false }

    /// libusb's name for `libusbCode`, such as `LIBUSB_ERROR_ACCESS`.
    public var libusbName: String? {
        libusbCode == 0 ? nil : String(cString: libusb_error_name(libusbCode))
    }

    public var description: String {
        let cause = libusbName.map { " (\($0))" } ?? ""
        let what = switch kind {
        case .noKernelUSB:
            "no USB on this machine: the kernel has no USB support ("
                + (libusbName.map { "\(operation) failed: \($0)" } ?? "\(operation) does not exist") + "), so no USB device can be listed"
        case .initFailed, .listFailed: "USB: \(operation) failed\(cause)"
        case .hotplugUnsupported: "USB: libusb on this system cannot report devices being plugged in or out"
        case .hotplugFailed: "USB: watching for plugging failed: \(operation)\(cause)"
        }
        let advice = switch kind {
        case .noKernelUSB:
            "run this on the lane board; on a board, check the kernel was built with USB (CONFIG_USB) and sysfs is mounted (ls /sys/bus/usb/devices)"
        case .initFailed, .listFailed:
            "check /dev/bus/usb exists and is readable (inside a container, pass it through), or run as root"
        case .hotplugUnsupported:
            "run laneagent diag usb again after plugging or unplugging, instead of --watch"
        case .hotplugFailed:
            "run laneagent diag usb --watch again; if it keeps failing, run as root"
        }
        return "\(what): \(advice) (\(code))"
    }
}
