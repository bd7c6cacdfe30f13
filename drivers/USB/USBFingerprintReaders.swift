import DeviceKit

/// USB fingerprint readers (`docs/protocols.md`, "USB fingerprint readers"). libfprint drives them, not a LaneAgent driver:
/// `diag usb` names them so a technician knows what the device is and what serves it.
public enum USBFingerprintReaders {
    /// What `diag usb` shows as the claimant of these readers.
    public static let claimant = "fingerprint reader (libfprint)"

    public static let all: [USBIdentity] = [
        // libfprint libfprint/drivers/uru4000.c id_table: 05ba:0007 "dp uru4000 (standalone)",
        // 05ba:0008 "dp uru4000 (keyboard)", 05ba:000a "dp uru4000b (standalone)"; the driver
        // calls itself "Digital Persona U.are.U 4000/4000B/4500".
        USBIdentity(vendor: 0x05ba, product: 0x0007, name: "DigitalPersona U.are.U 4000 fingerprint reader"),
        USBIdentity(vendor: 0x05ba, product: 0x0008, name: "DigitalPersona U.are.U 4000 fingerprint reader (keyboard)"),
        USBIdentity(vendor: 0x05ba, product: 0x000a, name: "DigitalPersona U.are.U 4000B/4500 fingerprint reader"),
    ]
}
