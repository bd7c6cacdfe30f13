import DeviceKit
import LaneModel

/// `generic-scan-json`: a scanner (or its operator station) posts each verdict as JSON to
/// `/devices/{id}/events`; an inline base64 image becomes `scan` evidence.
public struct GenericScanJSONDriver: EventDriver {
    public init() {}

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        guard request.method.uppercased() == "POST" else {
            throw EventRejection("method: expected POST with a scan result, got \(request.method.prefix(10))")
        }
        guard !request.body.isEmpty else { throw EventRejection("body: empty; expected a scan result as JSON") }
        let document = try ScanResultDocument.parse(request.body)
        var evidence: [EvidenceItem] = []
        switch document.image {
        case .none:
            break
        case .inline(let bytes):
            evidence.append(EvidenceItem(role: "scan", mediaType: ScanMediaType.sniff(bytes), bytes: bytes, personal: false))
        case .file:
            // A pushed result cannot point at a file: the agent has no access to the scanner's disk.
            throw EventRejection("imageFile: only the scan-folder driver reads image files; send the image as base64 in image",
                                 excerpt: String(decoding: request.body.prefix(200), as: UTF8.self))
        }
        let reading = Reading(device: device, time: document.time ?? request.time, detail: .scan(document.result), evidence: evidence)
        return EventOutcome(readings: [reading], reply: EventReply())
    }
}
