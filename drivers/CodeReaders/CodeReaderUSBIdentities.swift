import DeviceKit

/// USB ids of QR/barcode readers, by the mode they enumerate in. Every id is from the USB ID
/// Repository (`usb.ids`, Debian package usb.ids 2025.07.26, /usr/share/misc/usb.ids), where
/// the product name states the mode; vendors with no mode-labelled id there (Honeywell's own
/// 0c2e:0b81 family, Zebra's newer imagers) are left out rather than guessed. A reader in
/// serial mode on another id still works with `serial-code`: `diag usb` just does not name it.
enum CodeReaderUSBIdentities {
    /// Readers enumerating as a serial port (CDC-ACM or vendor serial emulation): `serial-code`.
    static let serial: [USBIdentity] = [
        USBIdentity(vendor: 0x0C2E, product: 0x0700, name: "Metrologic (Honeywell) MS7120, uni-directional serial mode"),
        USBIdentity(vendor: 0x0C2E, product: 0x0720, name: "Metrologic (Honeywell) MS7120, bi-directional serial mode"),
        USBIdentity(vendor: 0x05E0, product: 0x1701, name: "Symbol (Zebra) bar code scanner, CDC"),
        USBIdentity(vendor: 0x05F9, product: 0x4204, name: "Datalogic Gryphon, RS-232 emulation mode"),
        USBIdentity(vendor: 0x065A, product: 0x0009, name: "Opticon NLV-1001, serial mode"),
        USBIdentity(vendor: 0x067E, product: 0x0803, name: "Intermec bar code scanner, VCP"),
        USBIdentity(vendor: 0x0DB5, product: 0x0139, name: "Access IS barcode module, CDC serial"),
    ] + newland(suffix: 0x06, mode: "USB serial CDC")

    /// Readers enumerating as a keyboard: `hid-code`.
    static let keyboard: [USBIdentity] = [
        USBIdentity(vendor: 0x0C2E, product: 0x0204, name: "Metrologic (Honeywell) MS7120, keyboard mode"),
        USBIdentity(vendor: 0x05F9, product: 0x2206, name: "Datalogic Gryphon, keyboard emulation mode"),
        USBIdentity(vendor: 0x065A, product: 0x0001, name: "Opticon OPR-2001 / NLV-1001, keyboard mode"),
        USBIdentity(vendor: 0x067E, product: 0x0801, name: "Intermec bar code scanner, HID keyboard"),
        USBIdentity(vendor: 0x0DB5, product: 0x013A, name: "Access IS barcode module, virtual keyboard"),
    ] + newland(suffix: 0x03, mode: "HID keyboard")

    /// Newland (Fujian Newland Computer, 1eab) numbers each engine's modes in the low byte:
    /// x03 HID keyboard, x06 serial CDC, x10 HID POS; `usb.ids` lists these engines.
    private static func newland(suffix: UInt16, mode: String) -> [USBIdentity] {
        let engines: [(UInt16, String)] = [
            (0x0100, "HR200"), (0x0C00, "HR100/HR3260 cordless/HR3290 cordless/BS80"), (0x0D00, "EM2028"),
            (0x1300, "EM30xx/EM20xx/HR3260 corded/HR200C"), (0x1400, "HR15-xx"), (0x1600, "FM100-M/3250"), (0x1900, "EM1300"),
            (0x1A00, "HR3290 corded/HR22"), (0x1C00, "HR2150"), (0x1D00, "FM430"), (0x1E00, "HR42"), (0x1F00, "HR11+"),
            (0x2000, "EM2037v2"), (0x8000, "EM13x5-LD/HR15-70/HR100-70/HR12/HR1150-70"), (0x8200, "EM3080-01/EM3095/FR20/FM30"),
            (0x8300, "HR2160"),
        ]
        return engines.map { USBIdentity(vendor: 0x1EAB, product: $0.0 | suffix, name: "Newland \($0.1), \(mode)") }
    }
}
