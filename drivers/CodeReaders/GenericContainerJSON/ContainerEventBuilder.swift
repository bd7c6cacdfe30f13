import DeviceKit
import Foundation
import LaneModel

/// Builds the requests a container OCR camera pushes to `generic-container-json`, for
/// `laneagent diag simulate container` and tests.
public enum ContainerEventBuilder {
    /// One code the simulated camera read, with its confidence (0–1) if it sends one.
    public struct Container: Sendable, Hashable {
        public var code: String
        public var confidence: Double?

        public init(code: String, confidence: Double? = nil) {
            self.code = code
            self.confidence = confidence
        }
    }

    /// The JSON body: `{"containers":[…],"time"?,"image"?}` with the image in base64.
    public static func body(containers: [Container], time: Timestamp? = nil, image: [UInt8]? = nil) -> [UInt8] {
        var members: [String: JSONValue] = [
            "containers": .array(containers.map { container in
                var entry: [String: JSONValue] = ["code": .string(container.code)]
                if let confidence = container.confidence { entry["confidence"] = .number(confidence) }
                return .object(entry)
            }),
        ]
        if let time { members["time"] = .string(time.rfc3339) }
        if let image { members["image"] = .string(Data(image).base64EncodedString()) }
        return CanonicalJSON.encode(.object(members))
    }

    /// The POST to `/devices/{device}/events` carrying `body(…)`.
    public static func request(device: String, containers: [Container], time: Timestamp? = nil, image: [UInt8]? = nil,
                               sentAt: Timestamp = .now()) -> DeviceRequest {
        DeviceRequest(method: "POST", path: "/devices/\(device)/events", headers: ["content-type": "application/json"],
                      body: body(containers: containers, time: time, image: image), time: sentAt)
    }
}
