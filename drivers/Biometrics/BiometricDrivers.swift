import DeviceKit

/// Every driver of this family, by configuration name.
public enum BiometricDrivers {
    public static let all: [DriverDescription] = []
}
