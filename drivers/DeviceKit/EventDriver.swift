/// A network device's protocol: devices push requests to the gateway, the driver turns each
/// into readings and the reply the device expects. Pure: no I/O, no clock (the request carries
/// its arrival time).
public protocol EventDriver: Sendable {
    /// Decodes one request from the device configured as `device`.
    func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome
}
