import Testing
import USB

/// How a listed device names its position and ids.
@Suite("USB device names")
struct USBDeviceTests {
    @Test("the path is the kernel's: bus, then ports joined by dots; a root hub is usbN",
          arguments: [(UInt8(1), [UInt8](), "usb1"), (1, [1], "1-1"), (1, [1, 4], "1-1.4"), (3, [2, 1, 7], "3-2.1.7")])
    func path(_ bus: UInt8, _ ports: [UInt8], _ expected: String) {
        #expect(USBDevice(bus: bus, ports: ports, vendorId: 0x0403, productId: 0x6001).path == expected)
    }

    @Test("the id is four lower-case hex digits each, as lsusb prints it")
    func id() {
        #expect(USBDevice(bus: 1, ports: [1], vendorId: 0x10C4, productId: 0xEA60).id == "10c4:ea60")
        #expect(USBDevice(bus: 1, ports: [1], vendorId: 0x5, productId: 0xa).id == "0005:000a")
    }

    @Test("missing strings say why: no permission is told apart from other failures")
    func stringsNote() {
        func note(_ access: USBDevice.StringAccess) -> String? {
            USBDevice(bus: 1, ports: [1], vendorId: 1, productId: 1, strings: access).stringsNote
        }
        #expect(note(.read) == nil)
        #expect(note(.notTried) == nil)
        #expect(note(.noPermission)?.hasPrefix("no permission") == true)
        #expect(note(.failed("LIBUSB_ERROR_NOT_SUPPORTED"))?.contains("LIBUSB_ERROR_NOT_SUPPORTED") == true)
    }
}
