/// Paths a driver's devices use whatever they are configured as (ZKTeco's `/iclock/…`), and the
/// query keys by which such a device says which one it is; the gateway routes them from here.
public struct FixedRoutes: Sendable, Hashable {
    /// The paths, taken with GET and POST.
    public let paths: [String]
    /// Query keys naming the sender's serial, first found wins (`SN`, `sn`).
    public let serialQueryKeys: [String]

    public init(paths: [String], serialQueryKeys: [String]) {
        self.paths = paths
        self.serialQueryKeys = serialQueryKeys
    }

    /// The serial `request` names, or nil when it names none.
    public func serial(of request: DeviceRequest) -> String? {
        for key in serialQueryKeys {
            if let serial = request.query[key], !serial.isEmpty { return serial }
        }
        return nil
    }
}
