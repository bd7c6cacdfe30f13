import DeviceKit

/// USB-serial bridge chips found in weighbridge indicators' cables, QR readers and document
/// readers. A bridge carries whatever the serial line carries, so every serial driver (scales,
/// `serial-code`, `serial-mrz`) can be behind one: `diag usb` says so.
public enum USBSerialBridges {
    public static let all: [USBIdentity] = [
        // Linux drivers/usb/serial/ftdi_sio_ids.h: FTDI_VID 0x0403, FTDI_8U232AM_PID 0x6001,
        // FTDI_8U2232C_PID 0x6010, FTDI_FTX_PID 0x6015 (the FT-X series: FT230X, FT231X …).
        USBIdentity(vendor: 0x0403, product: 0x6001, name: "FTDI FT232R USB-serial bridge"),
        USBIdentity(vendor: 0x0403, product: 0x6010, name: "FTDI FT2232 dual USB-serial bridge"),
        USBIdentity(vendor: 0x0403, product: 0x6015, name: "FTDI FT230X USB-serial bridge"),
        // Linux drivers/usb/serial/pl2303.h: PL2303_VENDOR_ID 0x067b, PL2303_PRODUCT_ID 0x2303.
        USBIdentity(vendor: 0x067b, product: 0x2303, name: "Prolific PL2303 USB-serial bridge"),
        // Linux drivers/usb/serial/cp210x.c: USB_DEVICE(0x10C4, 0xEA60), the Silicon Labs
        // factory default that most CP210x cables keep.
        USBIdentity(vendor: 0x10c4, product: 0xea60, name: "Silicon Labs CP210x USB-serial bridge"),
        // Linux drivers/usb/serial/ch341.c id table: 0x1a86:0x7523 (CH340), 0x1a86:0x5523 (CH341).
        USBIdentity(vendor: 0x1a86, product: 0x7523, name: "WCH CH340 USB-serial bridge"),
        USBIdentity(vendor: 0x1a86, product: 0x5523, name: "WCH CH341 USB-serial bridge"),
        // Not in the kernel's serial tables: the CH9102 declares a CDC-ACM interface, so Linux's
        // cdc_acm binds it by class (drivers/usb/class/cdc-acm.c) as /dev/ttyACM*. The id is
        // WCH's as the chip reports it; verify on a unit.
        USBIdentity(vendor: 0x1a86, product: 0x55d4, name: "WCH CH9102 USB-serial bridge"),
    ]
}
