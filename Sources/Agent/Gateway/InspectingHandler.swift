import DeviceKit
import LaneModel

/// `diag webhook`'s handler: decodes every request and says what the agent would make of it,
/// or why it would refuse it, and answers as the agent would, without recording anything.
/// With a configuration it routes as the daemon does; with a driver it decodes every request
/// with that driver.
public struct InspectingHandler: GatewayHandler {
    private let routes: GatewayRoutes?
    private let driver: (name: String, decoder: any EventDriver)?
    private let output: @Sendable (String) -> Void

    public init(devices: [GatewayDevice], driver: (name: String, decoder: any EventDriver)?, output: @escaping @Sendable (String) -> Void) {
        routes = devices.isEmpty ? nil : GatewayRoutes(devices)
        self.driver = driver
        self.output = output
    }

    public func handle(_ request: DeviceRequest, source: String) async -> EventReply {
        let query = request.query.isEmpty ? "" : "?" + request.query.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: "&")
        output("\(request.time.rfc3339) \(request.method) \(request.path)\(query) from \(source), \(request.body.count) bytes \(request.contentType ?? "")")
        var name: String
        var decoder: any EventDriver
        var device: String
        if let routes, case .success(let found) = routes.device(for: request) {
            (name, decoder, device) = (found.settings.driver, found.driver, found.settings.id)
            if !found.allows(source) {
                output("  refused: \(source) is not in the address list of '\(device)' " +
                       "(\(found.settings.addresses.map(\.description).joined(separator: ", "))); the agent answers 403")
                return .message(403, "\(source) is not in the address list of device '\(device)'")
            }
        } else if let driver {
            (name, decoder) = driver
            device = request.path.split(separator: "/").dropFirst().first.map(String.init) ?? "webhook"
        } else {
            let reason = routes.map { routes -> String in
                if case .failure(let miss) = routes.device(for: request) { return miss.message }
                return "no device"
            } ?? "no device"
            output("  refused: \(reason)")
            return .message(404, reason)
        }
        do {
            let outcome = try decoder.decode(request, device: device)
            for reading in outcome.readings {
                let evidence = reading.evidence.map { "\($0.role) \($0.mediaType) \($0.bytes.count) bytes\($0.personal ? " (sealed when stored)" : "")" }
                output("  \(name) → \(reading.kind.recordKind.rawValue) \(String(decoding: CanonicalJSON.encode(reading.jsonValue), as: UTF8.self))")
                if !evidence.isEmpty { output("    evidence: \(evidence.joined(separator: "; "))") }
            }
            if outcome.readings.isEmpty { output("  \(name) → no reading\(outcome.note.map { ": \($0)" } ?? "")") }
            for problem in outcome.problems { output("  problem (the agent records a device.fault): \(problem)") }
            output("  reply \(outcome.reply.status) \(String(decoding: outcome.reply.body.prefix(120), as: UTF8.self).replacingOccurrences(of: "\n", with: "\\n"))")
            return outcome.reply
        } catch {
            output("  \(name) → rejected: \(error.reason)\(error.excerpt.map { " (input starts: \($0.prefix(80)))" } ?? ""); the agent answers 400 and records a device.fault")
            return .message(400, error.reason)
        }
    }
}
