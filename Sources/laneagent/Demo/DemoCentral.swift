import AsyncHTTPClient
import LaneModel

/// Asks the embedded receiver what it holds, as the central team would.
enum DemoCentral {
    /// The receiver's `acceptedThrough` for `device`, or nil when it cannot be asked.
    static func acceptedThrough(port: Int, device: String) async -> Int? {
        do {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/v1/devices/\(device)"), timeout: .seconds(10))
            let body = try await response.body.collect(upTo: 1_048_576)
            return try JSONParser.parse(Array(body.readableBytesView))["acceptedThrough"]?.integerValue
        } catch {
            return nil
        }
    }
}
