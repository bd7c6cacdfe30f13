import Foundation

/// One device on a USB bus, as `laneagent diag usb` lists it.
public struct USBDevice: Sendable, Hashable {
    /// Whether the device's strings (manufacturer, product, serial) could be read.
    public enum StringAccess: Sendable, Hashable {
        /// The device was opened and its strings read (each may still be absent).
        case read
        /// Opening it was refused (`LIBUSB_ERROR_ACCESS`): not root and no udev rule granting access.
        case noPermission
        /// Opening it failed otherwise; the libusb error name.
        case failed(String)
        /// Not attempted, as for a device that was just unplugged.
        case notTried
    }

    /// The bus number, as in `/dev/bus/usb/001`.
    public let bus: UInt8
    /// The hub ports from the root hub down to the device; empty for a root hub.
    public let ports: [UInt8]
    public let vendorId: UInt16
    public let productId: UInt16
    /// `bDeviceClass` from the device descriptor (0 when each interface says for itself).
    public let deviceClass: UInt8
    /// The interfaces of the active configuration.
    public let interfaces: [USBInterface]
    public let manufacturer: String?
    public let product: String?
    public let serial: String?
    public let strings: StringAccess

    public init(bus: UInt8, ports: [UInt8], vendorId: UInt16, productId: UInt16, deviceClass: UInt8 = 0,
                interfaces: [USBInterface] = [], manufacturer: String? = nil, product: String? = nil,
                serial: String? = nil, strings: StringAccess = .read) {
        self.bus = bus
        self.ports = ports
        self.vendorId = vendorId
        self.productId = productId
        self.deviceClass = deviceClass
        self.interfaces = interfaces
        self.manufacturer = manufacturer
        self.product = product
        self.serial = serial
        self.strings = strings
    }

    /// The kernel's name for the device's position, as under `/sys/bus/usb/devices`:
    /// `1-1.4` (bus 1, root port 1, hub port 4), or `usb1` for the root hub of bus 1. It stays
    /// the same while the device is plugged into the same port.
    public var path: String {
        ports.isEmpty ? "usb\(bus)" : "\(bus)-" + ports.map(String.init).joined(separator: ".")
    }

    /// `0403:6001`, as lsusb prints it.
    public var id: String { String(format: "%04x:%04x", vendorId, productId) }

    /// Why the strings are missing, for a technician; nil when they were read.
    public var stringsNote: String? {
        switch strings {
        case .read, .notTried: nil
        case .noPermission: "no permission to open it for its strings (run as root, or add a udev rule)"
        case .failed(let name): "could not open it for its strings (\(name))"
        }
    }
}
