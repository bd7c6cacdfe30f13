import CLibUSB
import Foundation

/// The machine's USB buses, read through libusb: what is plugged in, and what gets plugged in
/// or out.
public struct USBBus: Sendable {
    /// Where the kernel lists USB devices when it has USB support.
    public static let kernelDevicesFolder = "/sys/bus/usb/devices"

    /// The folder whose absence means this kernel has no USB; nil skips that check (tests).
    public let kernelFolder: String?

    public init(kernelFolder: String? = USBBus.kernelDevicesFolder) {
        self.kernelFolder = kernelFolder
    }

    /// Every device on every bus, in bus and port order, with its strings where the device
    /// may be opened. An empty array is an empty bus; a kernel without USB throws `noKernelUSB`.
    public func devices() throws(USBError) -> [USBDevice] {
        let context = try start()
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context.pointer, &list)
        guard count >= 0, let list else {
            throw USBError(kind: .listFailed, operation: "libusb_get_device_list", libusbCode: Int32(truncatingIfNeeded: count))
        }
        // Unreferences every device as it frees the list: nothing below keeps a device.
        defer { libusb_free_device_list(list, 1) }
        var devices: [USBDevice] = []
        for index in 0..<count {
            if let device = list[index], let read = USBDeviceReader.read(device, readStrings: true) {
                devices.append(read)
            }
        }
        return devices.sorted { $0.bus != $1.bus ? $0.bus < $1.bus : $0.ports.lexicographicallyPrecedes($1.ports) }
    }

    /// True when libusb can report plugging and unplugging on this system.
    public var supportsHotplug: Bool {
        libusb_has_capability(UInt32(LIBUSB_CAP_HAS_HOTPLUG.rawValue)) != 0
    }

    /// Devices as they are plugged in and out, starting with one arrival for each device
    /// already present; events are read on a thread of their own until the consumer stops
    /// iterating (or its task is cancelled), and the stream throws a `USBError` if reading fails.
    public func hotplugEvents() throws(USBError) -> AsyncThrowingStream<USBHotplugEvent, any Error> {
        let context = try start()
        guard supportsHotplug else { throw USBError(kind: .hotplugUnsupported, operation: "libusb_has_capability") }
        return try USBHotplugMonitor.start(context)
    }

    /// Checks the kernel has USB, then starts libusb.
    private func start() throws(USBError) -> USBContext {
        if let kernelFolder, !FileManager.default.fileExists(atPath: kernelFolder) {
            throw USBError(kind: .noKernelUSB, operation: kernelFolder)
        }
        return try USBContext.open()
    }
}
