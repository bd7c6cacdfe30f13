import DeviceKit

/// Every driver of this family, by configuration name.
public enum CodeReaderDrivers {
    public static let all: [DriverDescription] = []
}
