import DeviceKit

/// Which LaneAgent drivers claim a USB device, from the drivers' id tables, the bridge and
/// fingerprint-reader tables, and the device's interfaces. Pure: no I/O.
public enum USBClaims {
    /// What claims `device` among `drivers`:
    /// - a driver whose `usbIdentities` holds the device's VID:PID;
    /// - every serial-transport driver, when the device is a known USB-serial bridge or offers a
    ///   CDC-ACM interface (`/dev/ttyACM*`);
    /// - every evdev-transport driver, when it offers a HID boot-keyboard interface (a QR reader
    ///   in keyboard mode looks like any keyboard);
    /// - `USBFingerprintReaders.claimant` for a known fingerprint reader.
    public static func match(_ device: USBDevice, drivers: [DriverDescription]) -> USBMatch {
        match(vendor: device.vendorId, product: device.productId, interfaces: device.interfaces, drivers: drivers)
    }

    /// As `match(_:drivers:)`, from the device's ids and interfaces alone.
    public static func match(vendor: UInt16, product: UInt16, interfaces: [USBInterface],
                             drivers: [DriverDescription]) -> USBMatch {
        func same(_ identity: USBIdentity) -> Bool { identity.vendor == vendor && identity.product == product }
        let bridge = USBSerialBridges.all.first(where: same)
        let reader = USBFingerprintReaders.all.first(where: same)
        let serial = bridge != nil || interfaces.contains(where: \.isSerialACM)
        let keyboard = interfaces.contains(where: \.isKeyboard)

        var claimedBy: [String] = []
        var what: String?
        for driver in drivers {
            let own = driver.usbIdentities.first(where: same)
            if what == nil { what = own?.name }
            let claims = own != nil
                || (serial && driver.transport == .serial)
                || (keyboard && driver.transport == .evdev)
            if claims && !claimedBy.contains(driver.name) { claimedBy.append(driver.name) }
        }
        if reader != nil { claimedBy.append(USBFingerprintReaders.claimant) }
        what = what ?? bridge?.name ?? reader?.name
            ?? (interfaces.contains(where: \.isSerialACM) ? "CDC-ACM serial" : nil)
            ?? (keyboard ? "HID keyboard" : nil)
        return USBMatch(claimedBy: claimedBy, what: what)
    }
}
