import CLibUSB

/// Reads what `diag usb` shows about one libusb device: descriptors without opening it,
/// strings by opening it where permitted.
enum USBDeviceReader {
    /// The deepest hub chain USB allows (USB 3.2 §10.1.3: seven tiers, so at most seven ports).
    private static let maximumPorts = 7

    /// The device at `device`; with `readStrings`, opens it to read its manufacturer, product
    /// and serial. Nil when even its device descriptor cannot be read.
    static func read(_ device: OpaquePointer, readStrings: Bool) -> USBDevice? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == LIBUSB_SUCCESS.rawValue else { return nil }
        var portBuffer = [UInt8](repeating: 0, count: maximumPorts)
        let portCount = libusb_get_port_numbers(device, &portBuffer, Int32(maximumPorts))
        let ports = portCount > 0 ? Array(portBuffer.prefix(Int(portCount))) : []

        var strings: (manufacturer: String?, product: String?, serial: String?) = (nil, nil, nil)
        var access = USBDevice.StringAccess.notTried
        if readStrings {
            var handle: OpaquePointer?
            let opened = libusb_open(device, &handle)
            if opened == LIBUSB_SUCCESS.rawValue, let handle {
                defer { libusb_close(handle) }
                let language = USBStringDescriptor.firstLanguage(handle)
                strings = (USBStringDescriptor.read(handle, index: descriptor.iManufacturer, language: language),
                           USBStringDescriptor.read(handle, index: descriptor.iProduct, language: language),
                           USBStringDescriptor.read(handle, index: descriptor.iSerialNumber, language: language))
                access = .read
            } else if opened == LIBUSB_ERROR_ACCESS.rawValue {
                access = .noPermission
            } else {
                access = .failed(String(cString: libusb_error_name(opened)))
            }
        }
        return USBDevice(bus: libusb_get_bus_number(device), ports: ports,
                         vendorId: descriptor.idVendor, productId: descriptor.idProduct,
                         deviceClass: descriptor.bDeviceClass, interfaces: interfaces(device),
                         manufacturer: strings.manufacturer, product: strings.product, serial: strings.serial,
                         strings: access)
    }

    /// The interfaces of the active configuration (read from sysfs on Linux, no open needed);
    /// empty when there is none.
    private static func interfaces(_ device: OpaquePointer) -> [USBInterface] {
        var configuration: UnsafeMutablePointer<libusb_config_descriptor>?
        guard libusb_get_active_config_descriptor(device, &configuration) == LIBUSB_SUCCESS.rawValue,
              let configuration else { return [] }
        defer { libusb_free_config_descriptor(configuration) }
        var found: [USBInterface] = []
        for index in 0..<Int(configuration.pointee.bNumInterfaces) {
            let interface = configuration.pointee.interface[index]
            for setting in 0..<Int(interface.num_altsetting) {
                let alternate = interface.altsetting[setting]
                let entry = USBInterface(interfaceClass: alternate.bInterfaceClass, subclass: alternate.bInterfaceSubClass,
                                         protocolCode: alternate.bInterfaceProtocol)
                if !found.contains(entry) { found.append(entry) }
            }
        }
        return found
    }
}
