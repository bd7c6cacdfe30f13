/// Which physical USB device a serial port or input device is (`[[devices]]` `usb_vendor`,
/// `usb_product`, `usb_serial`, `usb_path`), so `laneagent udev-rules` can link it at
/// `/dev/laneagent/<device id>` whatever ttyUSB or event number the kernel gives it.
public struct USBSelector: Sendable, Hashable {
    /// The vendor id, as lsusb and `diag usb` print it.
    public var vendor: UInt16
    public var product: UInt16
    /// The device's serial number string (`ATTRS{serial}`), when it has one.
    public var serial: String?
    /// The kernel's USB port path such as `1-1.2` (`KERNELS`), for identical adapters without serials.
    public var path: String?

    public init(vendor: UInt16, product: UInt16, serial: String? = nil, path: String? = nil) {
        self.vendor = vendor
        self.product = product
        self.serial = serial
        self.path = path
    }

    /// `0403:6001`, as lsusb prints it.
    public var id: String { "\(Self.hex(vendor)):\(Self.hex(product))" }

    /// Four lowercase hex digits, as sysfs shows `idVendor` and `idProduct`.
    public static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: 4 - digits.count) + digits
    }

    /// How this selector reads in `config check` and in the rules' comments.
    public var description: String {
        id + (serial.map { " serial \($0)" } ?? "") + (path.map { " in port \($0)" } ?? "")
    }
}
