import Scales

/// The kinds of device a board can have, each with its family's drivers.
public enum DeviceKind: String, Sendable, Hashable, CaseIterable {
    case scale

    /// The names of the drivers of this kind.
    public var driverNames: [String] {
        switch self {
        case .scale: ScaleDrivers.names
        }
    }
}
