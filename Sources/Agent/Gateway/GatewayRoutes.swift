import DeviceKit

/// Which configured device a request is for: `/devices/{id}/events` names it; a device whose
/// driver has fixed routes (ZKTeco's `/iclock/…`) says who it is in the query (`SN=`).
public struct GatewayRoutes: Sendable {
    /// Why a request reached no device.
    public struct Miss: Error, Sendable, Equatable {
        public let status: Int
        public let message: String
    }

    /// Each fixed path with its driver's routes.
    static let fixedRoutes: [String: FixedRoutes] = Dictionary(
        DriverCatalogue.all.compactMap(\.fixedRoutes).flatMap { routes in routes.paths.map { ($0, routes) } }) { first, _ in first }

    private let byID: [String: GatewayDevice]
    private let bySerial: [String: GatewayDevice]

    public init(_ devices: [GatewayDevice]) {
        byID = Dictionary(devices.map { ($0.settings.id, $0) }) { first, _ in first }
        bySerial = Dictionary(devices.compactMap { device in device.settings.terminalSerial.map { ($0, device) } }) { first, _ in first }
    }

    /// The device `request` is for.
    public func device(for request: DeviceRequest) -> Result<GatewayDevice, Miss> {
        let parts = request.path.split(separator: "/", omittingEmptySubsequences: true)
        if parts.count == 3, parts[0] == "devices", parts[2] == "events" {
            guard request.method == "POST" || request.method == "PUT" else {
                return .failure(Miss(status: 405, message: "device events are POSTed to \(request.path), not sent with \(request.method)"))
            }
            guard let device = byID[String(parts[1])] else {
                return .failure(Miss(status: 404, message: "no network device '\(parts[1])' in this board's [[devices]]"))
            }
            return .success(device)
        }
        if let routes = Self.fixedRoutes[request.path] {
            guard let serial = routes.serial(of: request) else {
                let prefix = parts.first.map { "/\($0)" } ?? request.path
                return .failure(Miss(status: 400, message: "an \(prefix) request without \(routes.serialQueryKeys[0])= cannot be told apart"))
            }
            guard let device = bySerial[serial] else {
                return .failure(Miss(status: 404, message: "no [[devices]] entry has serial = \"\(serial)\""))
            }
            return .success(device)
        }
        return .failure(Miss(status: 404, message: "\(request.path) is not a device path; devices post to /devices/{device-id}/events"))
    }
}
