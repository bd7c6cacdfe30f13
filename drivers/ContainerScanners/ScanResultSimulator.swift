import DeviceKit
import Foundation
import LaneModel

/// Realistic scan results for `laneagent diag simulate scan` and tests: the JSON a scanner
/// pushes or drops, with a synthetic image of a chosen size.
public enum ScanResultSimulator {
    /// The result's JSON; `image` inline is base64-encoded, `.file` is written as `imageFile`.
    /// `time` is written with `utcOffsetMinutes` (+07:00 by default), as a scanner in Vietnam would.
    public static func body(scanId: String, verdict: ScanResult.Verdict, containers: [String], operatorName: String? = nil,
                            time: Timestamp? = nil, utcOffsetMinutes: Int = 420, image: ScanImageSource = .none) -> [UInt8] {
        var members: [String: JSONValue] = [
            "scanId": .string(scanId), "verdict": .string(verdict.rawValue), "containers": .array(containers.map(JSONValue.string)),
        ]
        if let operatorName { members["operator"] = .string(operatorName) }
        if let time { members["time"] = .string(localTime(time, utcOffsetMinutes: utcOffsetMinutes)) }
        switch image {
        case .none: break
        case .inline(let bytes): members["image"] = .string(Data(bytes).base64EncodedString())
        case .file(let name): members["imageFile"] = .string(name)
        }
        return CanonicalJSON.encode(.object(members))
    }

    /// A `generic-scan-json` push to the gateway's `/devices/{device}/events`.
    public static func request(device: String, scanId: String, verdict: ScanResult.Verdict, containers: [String],
                               operatorName: String? = nil, imageSize: Int? = nil, time: Timestamp = .now()) -> DeviceRequest {
        let image = imageSize.map { ScanImageSource.inline(syntheticImage(size: $0)) } ?? .none
        return DeviceRequest(method: "POST", path: "/devices/\(device)/events", headers: ["content-type": "application/json"],
                             body: body(scanId: scanId, verdict: verdict, containers: containers, operatorName: operatorName,
                                        time: time, image: image),
                             time: time)
    }

    /// `size` bytes (at least `SyntheticJPEG.minimumSize`) shaped like a JPEG: not a viewable
    /// picture, only something with the right magic and size for sniffing and storage.
    public static func syntheticImage(size: Int) -> [UInt8] { SyntheticJPEG.make(size: max(size, SyntheticJPEG.minimumSize)) }

    /// `2026-11-23T08:15:02+07:00`: `time` on a wall clock `utcOffsetMinutes` ahead of UTC.
    public static func localTime(_ time: Timestamp, utcOffsetMinutes: Int) -> String {
        let shifted = Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000)
        let magnitude = abs(utcOffsetMinutes)
        let zone = utcOffsetMinutes == 0 ? "Z"
            : (utcOffsetMinutes < 0 ? "-" : "+") + twoDigits(magnitude / 60) + ":" + twoDigits(magnitude % 60)
        return String(shifted.rfc3339.prefix(19)) + zone
    }

    private static func twoDigits(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
