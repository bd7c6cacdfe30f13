import DeviceKit

/// Every driver of this family, by configuration name.
public enum ContainerScannerDrivers {
    public static let all: [DriverDescription] = []
}
