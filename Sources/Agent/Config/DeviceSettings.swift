import Biometrics
import CodeReaders
import DeviceKit
import LaneModel
import Scales

/// One `[[devices]]` entry: a device on this board and how to reach it.
public struct DeviceSettings: Sendable, Equatable {
    /// Unique per board; readings and records name it.
    public var id: String
    /// `scale`, `plate-reader`, …: what the device is (see `DeviceKind`).
    public var kind: DeviceKind
    /// The protocol driver's name, such as `yaohua-xk3190`.
    public var driver: String
    /// How the driver reaches the device.
    public var transport: DriverDescription.Transport
    /// Where the device is: the serial port or input device path (a udev symlink such as
    /// `/dev/laneagent/scale-1`), or the drop folder; empty for network devices.
    public var port: String
    public var serial: SerialSettings
    /// The driver's own `[[devices]]` options, as the configuration checked them against the
    /// driver's declaration; the typed views below read them.
    public var options = DriverOptionValues()
    /// Network devices: the sources allowed to post its events (`address`).
    public var addresses: [AddressRange] = []
    /// Network devices: what they must present besides their address, if anything.
    public var credentials: DeviceCredentials?
    /// Serial and input devices on USB: which physical device it is (`usb_vendor`, `usb_product`,
    /// `usb_serial`, `usb_path`), for the udev rule that links it at `port`.
    public var usb: USBSelector?

    /// Scales: the driver settings (`stable_frames`, `checksum`, `poll_ms`, …).
    public var scale: ScaleOptions { ScaleOptions(options) }
    /// ZKTeco terminals: the serial number (`SN`) they identify themselves with (`serial`).
    public var terminalSerial: String? { options.string(BiometricDrivers.serial) }
    /// Devices that send local time: its offset from UTC (`utc_offset_minutes`), UTC+7 unless set.
    public var utcOffsetMinutes: Int { options.integer(.utcOffsetMinutes) ?? 420 }
    /// Face and fingerprint terminals: their own match threshold and liveness check, as declared
    /// (`match_threshold`, `liveness_check`).
    public var terminal: TerminalSettings { TerminalSettings(options) }
    /// Polled devices and drop folders: how often to ask or look (`poll_ms`), when set.
    public var pollMilliseconds: Int? { options.integer(.pollMilliseconds) }
    /// USB HID readers: take the input device for ourselves, so scans never type into a console (`grab`).
    public var grab: Bool { options.boolean(CodeReaderDrivers.grab) ?? true }

    /// Where the device is, as `config check` and logs say it.
    public var location: String {
        switch transport {
        case .serial: "\(port) at \(serial)" + (usb.map { ", USB \($0.description)" } ?? "")
        case .evdev: port + (usb.map { ", USB \($0.description)" } ?? "")
        case .folder: "folder \(port)"
        case .pcsc: "PC/SC"
        case .http: terminalSerial.map { "SN \($0) from \(addresses.map(\.description).joined(separator: ", "))" }
            ?? "events from \(addresses.map(\.description).joined(separator: ", "))"
        }
    }
}
