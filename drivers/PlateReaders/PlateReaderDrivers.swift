import DeviceKit

/// Every driver of this family, by configuration name.
public enum PlateReaderDrivers {
    public static let all: [DriverDescription] = []
}
