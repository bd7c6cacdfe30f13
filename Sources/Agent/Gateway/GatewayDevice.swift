import DeviceKit

/// A network device the gateway serves: its configuration and its driver.
public struct GatewayDevice: Sendable {
    public let settings: DeviceSettings
    public let driver: any EventDriver

    public init(settings: DeviceSettings, driver: any EventDriver) {
        self.settings = settings
        self.driver = driver
    }

    /// True when `address` may post this device's events.
    public func allows(_ address: String) -> Bool { settings.addresses.contains { $0.contains(address) } }
}
