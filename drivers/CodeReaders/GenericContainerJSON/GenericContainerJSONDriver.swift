import CrossingCodes
import DeviceKit
import Foundation
import LaneModel

/// Container OCR cameras that push JSON (`driver = "generic-container-json"`), posted to
/// `/devices/{id}/events`. Two shapes are accepted:
/// `{"containers":[{"code":"CSQU3054383","confidence":0.97},…],"time"?,"image"?}` for cameras
/// that read several codes in one pass (a truck with two 20-foot boxes), and the single
/// `{"code":"CSQU3054383","confidence"?,"time"?,"image"?}`. Each code becomes one reading with
/// its ISO 6346 check digit verified; a code that fails is still a reading (`valid` false, with
/// the problem). `confidence` is 0–1, or a percentage above 1 up to 100. `image` is a base64
/// JPEG or PNG, kept as evidence with every reading of the event. Unknown fields are ignored.
public struct GenericContainerJSONDriver: EventDriver {
    public init() {}

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        let excerpt = String(decoding: request.body.prefix(200), as: UTF8.self)
        guard request.method == "POST" else { throw EventRejection("method \(request.method): container events are POSTed as JSON") }
        guard !request.body.isEmpty else { throw EventRejection("empty body: expected a JSON object") }
        let event: JSONValue
        do { event = try JSONParser.parse(request.body) } catch {
            throw EventRejection("body is not JSON: \(error)", excerpt: excerpt)
        }
        guard let members = event.objectValue else { throw EventRejection("body is not a JSON object", excerpt: excerpt) }
        let entries: [(path: String, entry: [String: JSONValue])]
        switch (members["containers"], members["code"]) {
        case (.array(let list)?, _):
            entries = try list.enumerated().map { (index, item) throws(EventRejection) in
                guard let entry = item.objectValue else { throw EventRejection("containers[\(index)] is not an object", excerpt: excerpt) }
                return ("containers[\(index)]", entry)
            }
        case (let containers?, _) where containers != .null:
            throw EventRejection("containers is not an array", excerpt: excerpt)
        case (_, _?):
            entries = [("", members)]
        case (_, nil):
            throw EventRejection("no \"containers\" array and no \"code\": nothing to read", excerpt: excerpt)
        }
        let time = try Self.time(members["time"], excerpt: excerpt) ?? request.time
        let evidence = try Self.image(members["image"], excerpt: excerpt)
        let readings = try entries.map { (path, entry) throws(EventRejection) in
            let prefix = path.isEmpty ? "" : "\(path)."
            guard let raw = entry["code"]?.stringValue else {
                throw EventRejection("\(prefix)code is \(entry["code"] == nil ? "missing" : "not a string")", excerpt: excerpt)
            }
            guard !raw.allSatisfy(\.isWhitespace) else { throw EventRejection("\(prefix)code is empty", excerpt: excerpt) }
            let confidence = try Self.confidence(entry["confidence"], field: "\(prefix)confidence", excerpt: excerpt)
            return Reading(device: device, time: time, detail: .container(ContainerCode.read(raw, confidence: confidence)),
                           evidence: evidence)
        }
        return EventOutcome(readings: readings, reply: .text("OK"), note: readings.isEmpty ? "no container codes in the event" : nil)
    }

    /// 0–1 as sent; above 1 and up to 100 read as a percentage (several cameras send 0–100).
    private static func confidence(_ value: JSONValue?, field: String, excerpt: String) throws(EventRejection) -> Double? {
        switch value {
        case nil, .null?: return nil
        case .number(let number)? where (0...1).contains(number): return number
        case .number(let number)? where number > 1 && number <= 100: return number / 100
        case .number(let number)?: throw EventRejection("\(field) \(number) is not 0–1 (or a percentage up to 100)", excerpt: excerpt)
        default: throw EventRejection("\(field) is not a number", excerpt: excerpt)
        }
    }

    private static func time(_ value: JSONValue?, excerpt: String) throws(EventRejection) -> Timestamp? {
        switch value {
        case nil, .null?: return nil
        case .string(let text)?:
            guard let time = DeviceTime.parse(text) else {
                throw EventRejection("time \"\(text.prefix(40))\" is not an RFC 3339 date-time such as 2025-03-01T08:15:02+07:00",
                                     excerpt: excerpt)
            }
            return time
        default: throw EventRejection("time is not a string", excerpt: excerpt)
        }
    }

    private static func image(_ value: JSONValue?, excerpt: String) throws(EventRejection) -> [EvidenceItem] {
        switch value {
        case nil, .null?, .string("")?: return []
        case .string(let text)?:
            guard let data = Data(base64Encoded: text, options: .ignoreUnknownCharacters), !data.isEmpty else {
                throw EventRejection("image is not base64", excerpt: excerpt)
            }
            let bytes = [UInt8](data)
            return [EvidenceItem(role: "container", mediaType: mediaType(of: bytes), bytes: bytes, personal: false)]
        default: throw EventRejection("image is not a base64 string", excerpt: excerpt)
        }
    }

    /// JPEG and PNG by their signatures; anything else is stored as it came, untyped.
    static func mediaType(of bytes: [UInt8]) -> String {
        if bytes.starts(with: [0xFF, 0xD8, 0xFF]) { return "image/jpeg" }
        if bytes.starts(with: [0x89, 0x50, 0x4E, 0x47]) { return "image/png" }
        return "application/octet-stream"
    }
}
