import DeviceKit
import Foundation
import LaneModel

/// Writes the generic JSON plate push: one object per read, the plate picture as base64.
public struct GenericPlateJSONSimulator: PlateEventSimulator {
    /// Send confidence as a percentage (0–100), as some vendors do, rather than 0…1.
    public var confidenceAsPercent: Bool

    public init(confidenceAsPercent: Bool = false) { self.confidenceAsPercent = confidenceAsPercent }

    /// The scene picture is not sent: the format carries one image, the plate.
    public func request(plate: String, confidence: Double?, direction: String?, time: Timestamp, platePicture: [UInt8]?,
                        scenePicture: [UInt8]?) -> DeviceRequest {
        var members: [String: JSONValue] = ["plate": .string(plate), "time": .string(time.rfc3339)]
        if let confidence { members["confidence"] = .number(confidenceAsPercent ? (confidence * 100).rounded() : confidence) }
        if let direction { members["direction"] = .string(direction) }
        if let platePicture { members["image"] = .string(Data(platePicture).base64EncodedString()) }
        return DeviceRequest(method: "POST", path: "/", headers: ["Content-Type": "application/json"],
                             body: CanonicalJSON.encode(.object(members)), time: time)
    }
}
