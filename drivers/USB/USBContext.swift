import CLibUSB

/// One libusb session, ended (`libusb_exit`) when the last reference goes.
// @unchecked: libusb contexts may be used from any thread (libusb's "Multi-threaded
// applications" page); this class only holds the pointer.
final class USBContext: @unchecked Sendable {
    let pointer: OpaquePointer

    private init(pointer: OpaquePointer) {
        self.pointer = pointer
    }

    /// Starts libusb. A kernel without USB makes the Linux backend fail with
    /// `LIBUSB_ERROR_OTHER` (no usbfs) or `LIBUSB_ERROR_NOT_FOUND`: reported as no USB at all.
    static func open() throws(USBError) -> USBContext {
        var context: OpaquePointer?
        let result = libusb_init(&context)
        guard result == LIBUSB_SUCCESS.rawValue, let context else {
            let noUSB = result == LIBUSB_ERROR_OTHER.rawValue || result == LIBUSB_ERROR_NOT_FOUND.rawValue
            throw USBError(kind: noUSB ? .noKernelUSB : .initFailed, operation: "libusb_init", libusbCode: result)
        }
        return USBContext(pointer: context)
    }

    deinit { libusb_exit(pointer) }
}
