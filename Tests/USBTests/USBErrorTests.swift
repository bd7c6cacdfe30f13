import Testing
import USB

/// Every USB error names its code, what failed and what to do.
@Suite("USB errors")
struct USBErrorTests {
    @Test("each kind ends with its stable code and is a fault (exit 1), not a usage error", arguments: [
        USBError(kind: .noKernelUSB, operation: "/sys/bus/usb/devices"),
        USBError(kind: .noKernelUSB, operation: "libusb_init", libusbCode: -99),
        USBError(kind: .initFailed, operation: "libusb_init", libusbCode: -1),
        USBError(kind: .listFailed, operation: "libusb_get_device_list", libusbCode: -11),
        USBError(kind: .hotplugUnsupported, operation: "libusb_has_capability"),
        USBError(kind: .hotplugFailed, operation: "libusb_handle_events_timeout_completed", libusbCode: -99),
    ])
    func described(_ error: USBError) {
        #expect(error.description.hasSuffix("(\(error.code))"))
        #expect(error.code.hasPrefix("LA-USB-00"))
        #expect(!error.isUsageError)
        if error.libusbCode != 0 {
            #expect(error.description.contains(error.libusbName ?? "?") && error.libusbName?.hasPrefix("LIBUSB_ERROR_") == true)
        }
    }

    @Test("no USB reads the same whether sysfs or libusb found it out, naming which")
    func noUSB() {
        let sysfs = USBError(kind: .noKernelUSB, operation: "/sys/bus/usb/devices").description
        let libusb = USBError(kind: .noKernelUSB, operation: "libusb_init", libusbCode: -99).description
        #expect(sysfs.hasPrefix("no USB on this machine: the kernel has no USB support (/sys/bus/usb/devices does not exist)"))
        #expect(libusb.hasPrefix("no USB on this machine: the kernel has no USB support (libusb_init failed: LIBUSB_ERROR_OTHER)"))
    }

    @Test("no hotplug tells the technician to list again instead")
    func noHotplug() {
        let error = USBError(kind: .hotplugUnsupported, operation: "libusb_has_capability")
        #expect(error.code == "LA-USB-004")
        #expect(error.description.contains("cannot report devices being plugged in or out"))
        #expect(error.description.contains("laneagent diag usb again"))
    }
}
