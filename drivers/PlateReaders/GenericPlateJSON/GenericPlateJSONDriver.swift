import DeviceKit
import Foundation
import LaneModel

/// A plain JSON push for plate cameras that are not Hikvision (`driver = "generic-plate-json"`):
/// `{"plate": "12C-123.45", "confidence": 0.93, "direction": "approach", "image": "<base64 JPEG>",
/// "time": "2024-05-14T09:31:05+07:00"}`. Only `plate` is required; other members are ignored.
public struct GenericPlateJSONDriver: EventDriver {
    public init() {}

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        let excerpt = InputExcerpt.of(request.body)
        func reject(_ reason: String) -> EventRejection { EventRejection(reason, excerpt: excerpt) }
        guard !request.body.isEmpty else { throw reject("body: empty") }
        let document: JSONValue
        do { document = try JSONParser.parse(request.body) } catch { throw reject("body: not JSON: \(error)") }
        guard let members = document.objectValue else { throw reject("body: a JSON \(Self.typeName(document)), expected an object") }

        guard let plateValue = members["plate"] else { throw reject("plate: missing") }
        guard case .string(let plate) = plateValue else { throw reject("plate: a \(Self.typeName(plateValue)), expected a string") }

        var confidence: Double?
        switch members["confidence"] {
        case nil, .null?: break
        case .number(let value)?:
            guard let scaled = PlateConfidence.fromFractionOrPercent(value) else {
                throw reject("confidence: \(CanonicalJSON.formatNumber(value)) is outside 0–1 (fraction) and 0–100 (percent)")
            }
            confidence = scaled
        case let other?: throw reject("confidence: a \(Self.typeName(other)), expected a number")
        }

        var direction: String?
        switch members["direction"] {
        case nil, .null?: break
        case .string(let text)?: direction = Self.direction(text)
        case let other?: throw reject("direction: a \(Self.typeName(other)), expected a string")
        }

        var time = request.time
        switch members["time"] {
        case nil, .null?: break
        case .string(let text)?:
            guard let parsed = DeviceTime.parse(text) else {
                throw reject("time: '\(text.prefix(40))' is not an ISO 8601 date-time with a UTC offset")
            }
            time = parsed
        case let other?: throw reject("time: a \(Self.typeName(other)), expected a string")
        }

        var evidence: [EvidenceItem] = []
        switch members["image"] {
        case nil, .null?: break
        case .string(let text)?:
            if let bytes = try Self.image(text, reject: reject) {
                evidence.append(EvidenceItem(role: "plate", mediaType: "image/jpeg", bytes: bytes, personal: false))
            }
        case let other?: throw reject("image: a \(Self.typeName(other)), expected a base64 string")
        }

        return PlateReport(raw: plate, confidence: confidence, direction: direction, time: time, evidence: evidence)
            .outcome(device: device)
    }

    /// `approach`/`in`/`entry`/`forward` and `leave`/`out`/`exit`/`reverse`, any case; other
    /// words (`unknown`) are nil.
    static func direction(_ text: String) -> String? {
        switch text.lowercased() {
        case "approach", "in", "entry", "enter", "forward": "approach"
        case "leave", "out", "exit", "reverse": "leave"
        default: nil
        }
    }

    /// The JPEG in a base64 string (line breaks and a `data:image/jpeg;base64,` prefix
    /// tolerated); nil for an empty string.
    static func image(_ text: String, reject: (String) -> EventRejection) throws(EventRejection) -> [UInt8]? {
        var encoded = Substring(text)
        if encoded.hasPrefix("data:"), let comma = encoded.firstIndex(of: ",") { encoded = encoded[encoded.index(after: comma)...] }
        let compact = encoded.filter { !$0.isWhitespace }
        if compact.isEmpty { return nil }
        guard let data = Data(base64Encoded: compact) else { throw reject("image: not valid base64") }
        let bytes = [UInt8](data)
        guard SyntheticJPEG.hasStartOfImage(bytes) else { throw reject("image: not a JPEG (does not start with FF D8)") }
        return bytes
    }

    static func typeName(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }
}
