/// One interface of a USB device's active configuration: what kind of function it offers.
public struct USBInterface: Sendable, Hashable {
    /// `bInterfaceClass`: 0x02 communications, 0x03 HID, 0xff vendor-specific …
    public let interfaceClass: UInt8
    /// `bInterfaceSubClass`.
    public let subclass: UInt8
    /// `bInterfaceProtocol`.
    public let protocolCode: UInt8

    public init(interfaceClass: UInt8, subclass: UInt8, protocolCode: UInt8) {
        self.interfaceClass = interfaceClass
        self.subclass = subclass
        self.protocolCode = protocolCode
    }

    /// A CDC abstract control model interface: the kernel's cdc_acm makes it `/dev/ttyACM*`,
    /// which is how QR readers in serial mode appear (USB CDC PSTN 1.2, class 02h subclass 02h).
    public var isSerialACM: Bool { interfaceClass == 0x02 && subclass == 0x02 }

    /// A HID boot-protocol keyboard (HID 1.11 §4.2–4.3: class 03h, subclass 01h, protocol 01h),
    /// which is how QR readers in keyboard mode appear on `/dev/input/event*`.
    public var isKeyboard: Bool { interfaceClass == 0x03 && subclass == 0x01 && protocolCode == 0x01 }
}
