import Agent
import LaneModel

/// A device on the board's USB buses, as the self-test compares it with `[[devices]]` usb ids
/// (the executable lists them with libusb, which this module does not link).
public struct USBPresentDevice: Sendable, Hashable {
    public let vendor: UInt16
    public let product: UInt16
    public let serial: String?
    /// The kernel's port path, such as `1-1.2`.
    public let path: String

    public init(vendor: UInt16, product: UInt16, serial: String?, path: String) {
        self.vendor = vendor
        self.product = product
        self.serial = serial
        self.path = path
    }
}

/// The `usb` lines: every device that names its USB ids is plugged in.
public enum USBCheck {
    /// Lists the USB devices present, or says why it cannot (LA-USB-001: the kernel has no USB).
    public typealias Listing = @Sendable () throws -> [USBPresentDevice]

    /// One line per device with `usb_vendor`/`usb_product`; a single ok line when none has.
    /// Where USB cannot be listed, each such device fails: a USB device the board cannot see is
    /// a device the lane cannot read, and a warning would let the self-test pass.
    public static func check(_ devices: [DeviceSettings], listing: Listing) -> [SelfTestCheck] {
        let wanted = devices.compactMap { device in device.usb.map { (device.id, $0) } }
        guard !wanted.isEmpty else { return [SelfTestCheck("usb", nil, .ok, "no device names usb_vendor and usb_product, so none is looked for")] }
        let present: [USBPresentDevice]
        do { present = try listing() } catch {
            return wanted.map { id, selector in SelfTestCheck("usb", id, .fail, "cannot look for \(selector.description): \(error)") }
        }
        return wanted.map { id, selector in
            if let found = present.first(where: { matches($0, selector) }) {
                return SelfTestCheck("usb", id, .ok, "\(selector.id)\(found.serial.map { " serial \($0)" } ?? "") is plugged in, port \(found.path)")
            }
            let sameModel = present.filter { $0.vendor == selector.vendor && $0.product == selector.product }
            let hint = sameModel.isEmpty ? "" : """
                ; \(sameModel.count) other \(selector.id) present (\(sameModel.map { "serial \($0.serial ?? "-") port \($0.path)" }.joined(separator: ", ")))
                """
            return SelfTestCheck("usb", id, .fail, "no USB device \(selector.description) is plugged in (\(present.count) devices on the bus\(hint))",
                                 remedy: "plug it in or check its cable and hub; `laneagent diag usb` lists what the board sees")
        }
    }

    static func matches(_ device: USBPresentDevice, _ selector: USBSelector) -> Bool {
        device.vendor == selector.vendor && device.product == selector.product
            && (selector.serial == nil || device.serial == selector.serial) && (selector.path == nil || device.path == selector.path)
    }
}
