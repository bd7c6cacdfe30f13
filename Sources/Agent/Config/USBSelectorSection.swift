import ConfigFile
import DeviceKit

/// The `usb_*` keys of a serial or input `[[devices]]` entry: which USB device it is, so
/// `laneagent udev-rules` can give it the stable link its `port` names.
enum USBSelectorSection {
    static let keys = ["usb_vendor", "usb_product", "usb_serial", "usb_path"]

    /// The selector of one device, or nil when it has none (or it is wrong, which is reported).
    static func selector(_ table: TOMLTable, _ section: String, id: String, port: String, _ validator: ConfigValidator) -> USBSelector? {
        guard keys.contains(where: { table[$0] != nil }) else { return nil }
        let hexExpected = "4 hex digits as lsusb and laneagent diag usb print them, such as \"0403\""
        let hex = { (text: String) -> String? in
            text.utf8.count == 4 && UInt16(text, radix: 16) != nil ? nil : "is not 4 hex digits"
        }
        let vendor = validator.string(table, section, "usb_vendor", required: true, expected: hexExpected, check: hex)
        let product = validator.string(table, section, "usb_product", required: true, expected: hexExpected, check: hex)
        let serial = validator.string(table, section, "usb_serial", required: false, expected: "the device's USB serial number as laneagent diag usb shows it",
                                      check: UdevLiteral.problem(matching:))
        let path = validator.string(table, section, "usb_path", required: false,
                                    expected: "the USB port path as laneagent diag usb shows it (BUS PATH), such as 1-1.2",
                                    check: UdevLiteral.problem(portPath:))
        let line = (table["usb_vendor"] ?? table["usb_product"] ?? table["usb_serial"] ?? table["usb_path"])!.line
        if let problem = UdevLiteral.problem(linkName: id) {
            validator.report(.invalidValue, line: line, "\(section): device id '\(id)' \(problem), so it cannot name a udev link; rename the device")
            return nil
        }
        // The rules make exactly this link; any other port would never appear.
        let link = "/dev/\(UdevLiteral.linkFolder)/\(id)"
        if port != link {
            validator.report(.invalidValue, line: table["port"]?.line ?? line,
                             """
                                 \(section).port = \"\(port)\" but the usb_* keys make laneagent udev-rules link the device at \(link); set port \
                                 = \"\(link)\"
                                 """)
        }
        guard let vendor, let product, let vendorID = UInt16(vendor, radix: 16), let productID = UInt16(product, radix: 16) else { return nil }
        return USBSelector(vendor: vendorID, product: productID, serial: serial, path: path)
    }

    /// Reports a device whose selector another device's would also match: udev could not tell them apart.
    static func rejectAmbiguous(_ selector: USBSelector, of id: String, among devices: [DeviceSettings], line: Int, _ validator: ConfigValidator) {
        guard let other = devices.first(where: { device in
            guard let theirs = device.usb, theirs.vendor == selector.vendor, theirs.product == selector.product else { return false }
            // Two selectors can match one device unless a serial or a port path differs.
            let serialsDiffer = theirs.serial != nil && selector.serial != nil && theirs.serial != selector.serial
            let pathsDiffer = theirs.path != nil && selector.path != nil && theirs.path != selector.path
            return !serialsDiffer && !pathsDiffer
        }) else { return }
        validator.report(.invalidValue, line: line,
                         "device '\(id)' (USB \(selector.description)) and '\(other.id)' (USB \(other.usb!.description)) could be the same USB device; give each its usb_serial, or usb_path when the adapters have no serial number")
    }
}
