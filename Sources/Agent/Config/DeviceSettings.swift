import DeviceKit
import Scales

/// One `[[devices]]` entry: a device on this board and how to reach it.
public struct DeviceSettings: Sendable, Equatable {
    /// Unique per board; readings and records name it.
    public var id: String
    /// `scale`, …: what the device is (see `DeviceKind`).
    public var kind: DeviceKind
    /// The protocol driver's name, such as `yaohua-xk3190`.
    public var driver: String
    /// The serial port's path (a udev symlink such as `/dev/laneagent/scale-1`).
    public var port: String
    public var serial: SerialSettings
    /// Driver settings of scales.
    public var scale: ScaleOptions
}
