import DeviceKit
import Testing
import USB

/// Which driver claims a USB device: a specification of `USBClaims.match`.
@Suite("Which LaneAgent driver claims a USB device")
struct USBClaimsTests {
    /// A small catalogue in the shape of the real ones: two serial drivers, one evdev driver,
    /// one HTTP driver and one driver with a USB id of its own.
    static let unverified = DriverVerification(.assumption, unverified: "a test catalogue")
    static let drivers: [DriverDescription] = [
        DriverDescription(name: "yaohua-xk3190", kinds: ["scale"], transport: .serial, protocolName: "XK3190", folder: "YaohuaXK3190", verification: unverified),
        DriverDescription(name: "serial-code", kinds: ["code-reader"], transport: .serial, protocolName: "lines", folder: "SerialCode", verification: unverified),
        DriverDescription(name: "hid-code", kinds: ["code-reader"], transport: .evdev, protocolName: "HID keyboard", folder: "HIDCode", verification: unverified),
        DriverDescription(name: "hikvision-anpr", kinds: ["plate-reader"], transport: .http, protocolName: "ISAPI", folder: "HikvisionANPR", verification: unverified),
        DriverDescription(name: "vendor-reader", kinds: ["document-reader"], transport: .http, protocolName: "vendor", folder: "VendorReader",
                          usbIdentities: [USBIdentity(vendor: 0x1234, product: 0x5678, name: "Vendor passport reader")], verification: unverified),
    ]

    static let acm = USBInterface(interfaceClass: 0x02, subclass: 0x02, protocolCode: 0x01)
    static let acmData = USBInterface(interfaceClass: 0x0a, subclass: 0x00, protocolCode: 0x00)
    static let bootKeyboard = USBInterface(interfaceClass: 0x03, subclass: 0x01, protocolCode: 0x01)
    static let mouse = USBInterface(interfaceClass: 0x03, subclass: 0x01, protocolCode: 0x02)

    @Test("every USB-serial bridge is claimed by every serial driver, and only by them", arguments: USBSerialBridges.all)
    func bridge(_ identity: USBIdentity) {
        let match = USBClaims.match(vendor: identity.vendor, product: identity.product, interfaces: [], drivers: Self.drivers)
        #expect(match.claimedBy == ["yaohua-xk3190", "serial-code"])
        #expect(match.what == identity.name)
    }

    @Test("a DigitalPersona reader is named as a libfprint fingerprint reader, not given to a LaneAgent driver",
          arguments: USBFingerprintReaders.all)
    func fingerprintReader(_ identity: USBIdentity) {
        let match = USBClaims.match(vendor: identity.vendor, product: identity.product, interfaces: [], drivers: Self.drivers)
        #expect(match.claimedBy == [USBFingerprintReaders.claimant])
        #expect(match.claimedBy == ["fingerprint reader (libfprint)"])
        #expect(match.what?.contains("U.are.U") == true)
    }

    @Test("a driver's own USB id claims the device, whatever its transport")
    func ownIdentity() {
        let match = USBClaims.match(vendor: 0x1234, product: 0x5678, interfaces: [], drivers: Self.drivers)
        #expect(match == USBMatch(claimedBy: ["vendor-reader"], what: "Vendor passport reader"))
    }

    @Test("a device with a CDC-ACM interface (a QR reader in serial mode) is claimed by the serial drivers")
    func serialACM() {
        let match = USBClaims.match(vendor: 0x05f9, product: 0x4204, interfaces: [Self.acm, Self.acmData], drivers: Self.drivers)
        #expect(match == USBMatch(claimedBy: ["yaohua-xk3190", "serial-code"], what: "CDC-ACM serial"))
    }

    @Test("a HID boot keyboard (a QR reader in keyboard mode) is claimed by the evdev drivers; a mouse is not")
    func keyboard() {
        let keyboard = USBClaims.match(vendor: 0x05f9, product: 0x2206, interfaces: [Self.bootKeyboard], drivers: Self.drivers)
        #expect(keyboard == USBMatch(claimedBy: ["hid-code"], what: "HID keyboard"))
        let mouse = USBClaims.match(vendor: 0x046d, product: 0xc077, interfaces: [Self.mouse], drivers: Self.drivers)
        #expect(mouse == USBMatch(claimedBy: [], what: nil))
    }

    @Test("an unknown device, or a hub, is claimed by nothing")
    func unknown() {
        #expect(USBClaims.match(vendor: 0x1d6b, product: 0x0002, interfaces: [USBInterface(interfaceClass: 0x09, subclass: 0, protocolCode: 0)],
                                drivers: Self.drivers) == USBMatch(claimedBy: [], what: nil))
        #expect(USBClaims.match(vendor: 0x0403, product: 0x6001, interfaces: [], drivers: []) ==
                USBMatch(claimedBy: [], what: "FTDI FT232R USB-serial bridge"), "a bridge with no serial driver registered")
    }

    @Test("a driver listing a bridge id itself is named once, and its own name for the device wins")
    func noDuplicates() {
        let scale = DriverDescription(name: "yaohua-xk3190", kinds: ["scale"], transport: .serial, protocolName: "XK3190", folder: "YaohuaXK3190",
                                      usbIdentities: [USBIdentity(vendor: 0x1a86, product: 0x7523, name: "Yaohua XK3190 USB cable")],
                                      verification: Self.unverified)
        let match = USBClaims.match(vendor: 0x1a86, product: 0x7523, interfaces: [Self.acm], drivers: [scale, scale] + Self.drivers)
        #expect(match == USBMatch(claimedBy: ["yaohua-xk3190", "serial-code"], what: "Yaohua XK3190 USB cable"))
    }

    @Test("matching a listed device uses its ids and interfaces")
    func device() {
        let device = USBDevice(bus: 1, ports: [1, 4], vendorId: 0x10c4, productId: 0xea60, interfaces: [Self.acmData])
        #expect(USBClaims.match(device, drivers: Self.drivers).claimedBy == ["yaohua-xk3190", "serial-code"])
    }
}
