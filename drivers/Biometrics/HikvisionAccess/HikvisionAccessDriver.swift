import DeviceKit
import LaneModel

/// `hikvision-access`: a Hikvision face or fingerprint terminal pushing access-control events
/// to `/devices/{id}/events`, as JSON or as `multipart/form-data` with the JSON in a part
/// named `AccessControllerEvent` (or `event_log`) and the captured face as a JPEG part.
///
/// Events identify people: rejections never quote the input, and the person's name (which
/// terminals send) is never read into a reading or a message.
public struct HikvisionAccessDriver: EventDriver {
    /// How the terminal is set up (its own threshold and liveness check), recorded with each reading.
    public let terminal: TerminalSettings

    public init(terminal: TerminalSettings = TerminalSettings()) { self.terminal = terminal }

    /// The part names the event JSON arrives in, by firmware.
    static let eventPartNames: Set<String> = ["accesscontrollerevent", "event_log"]

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        guard request.method.uppercased() == "POST" else {
            throw EventRejection("method: expected POST with an access-control event, got \(request.method.prefix(10))")
        }
        guard !request.body.isEmpty else { throw EventRejection("body: empty; expected an access-control event") }
        var eventBytes = request.body
        var picture: MultipartPart?
        if let contentType = request.contentType, contentType.lowercased().hasPrefix("multipart/") {
            // Rejections name the part, never its contents: these events identify people.
            let parts: [MultipartPart]
            do { parts = try MultipartBody.parse(request.body, contentType: contentType) } catch {
                throw EventRejection(error.reason)
            }
            guard let eventPart = parts.first(where: { Self.eventPartNames.contains($0.name?.lowercased() ?? "") })
                ?? parts.first(where: { $0.mediaType == "application/json" })
            else {
                throw EventRejection("multipart: no AccessControllerEvent or event_log part (\(parts.count) parts)")
            }
            eventBytes = eventPart.body
            picture = parts.first { $0.mediaType?.hasPrefix("image/") == true || (($0.filename ?? "").lowercased().hasSuffix(".jpg")) }
        }
        let event: JSONValue
        do { event = try JSONParser.parse(eventBytes) } catch { throw EventRejection("event: not JSON (\(error))") }
        guard let members = event.objectValue else { throw EventRejection("event: expected a JSON object") }

        let eventType = members["eventType"]?.stringValue
        guard let access = members["AccessControllerEvent"] else {
            if let eventType {
                let kind = eventType.lowercased() == "heartbeat" ? "heartbeat" : "event type \(eventType.prefix(40))"
                return EventOutcome(readings: [], note: "\(kind): not an access-control event, no reading")
            }
            throw EventRejection("AccessControllerEvent: missing, and no eventType")
        }
        guard case .object(let fields) = access else { throw EventRejection("AccessControllerEvent: expected an object") }
        let major = try integer("majorEventType", in: fields)
        let sub = try integer("subEventType", in: fields)
        let checkedFace: Bool, checkedFingerprint: Bool, passed: Bool, live: Bool?
        switch HikvisionAccessEvent(major: major, sub: sub) {
        case .verification(let face, let fingerprint, let verdict, let liveness):
            (checkedFace, checkedFingerprint, passed, live) = (face, fingerprint, verdict, liveness)
        case .other:
            return EventOutcome(readings: [], note: "major \(major) sub-event \(sub): not a face or fingerprint verification, no reading")
        case .unknown:
            // Never a silent OK: a code we cannot place may be a verification we would lose.
            let problem = "major \(major) sub-event \(sub) is not in the access-control event table"
            return EventOutcome(readings: [], note: problem + ", no reading", problems: [problem])
        }

        var time = request.time
        switch members["dateTime"] {
        case nil, .null?:
            break
        case .string(let text)?:
            guard let parsed = DeviceTime.parse(text) else {
                throw EventRejection("dateTime: not an ISO 8601 date-time with a UTC offset")
            }
            time = parsed
        case let other?:
            throw EventRejection("dateTime: expected a string, found \(Self.describe(other))")
        }
        let match = BiometricMatch(passed: passed, score: try score(in: fields), subject: try subject(in: fields),
                                   vendorEvent: "\(major)/\(sub)", live: live, terminal: terminal.declared)
        var evidence: [EvidenceItem] = []
        if let picture, !picture.body.isEmpty {
            let type = picture.mediaType.flatMap { $0.hasPrefix("image/") ? $0 : nil }
                ?? (picture.body.starts(with: [0xFF, 0xD8, 0xFF]) ? "image/jpeg" : "application/octet-stream")
            // The terminal's capture of the person: biometric, so sealed before it is stored.
            evidence.append(EvidenceItem(role: "face", mediaType: type, bytes: picture.body, personal: true))
        }
        var readings: [Reading] = []
        if checkedFace { readings.append(Reading(device: device, time: time, detail: .face(match), evidence: evidence)) }
        // A combined verification is one attempt at both: the fingerprint reading shares its verdict, not the face picture.
        if checkedFingerprint {
            var fingerprint = match
            fingerprint.live = nil
            readings.append(Reading(device: device, time: time, detail: .fingerprint(fingerprint), evidence: checkedFace ? [] : evidence))
        }
        return EventOutcome(readings: readings)
    }

    private func integer(_ name: String, in fields: [String: JSONValue]) throws(EventRejection) -> Int {
        guard let value = fields[name] else { throw EventRejection("AccessControllerEvent.\(name): missing") }
        guard let number = value.integerValue else {
            throw EventRejection("AccessControllerEvent.\(name): expected an integer, found \(Self.describe(value))")
        }
        return number
    }

    /// `similarity` (0–100) scaled to 0…1; nil when absent.
    private func score(in fields: [String: JSONValue]) throws(EventRejection) -> Double? {
        switch fields["similarity"] {
        case nil, .null?:
            return nil
        case .number(let value)? where (0...100).contains(value):
            return value / 100
        case .number(let value)?:
            // A score is not personal: quoting it helps whoever checks the terminal's settings.
            throw EventRejection("AccessControllerEvent.similarity: \(CanonicalJSON.formatNumber(value)) is outside 0–100")
        case let other?:
            throw EventRejection("AccessControllerEvent.similarity: expected a number from 0 to 100, found \(Self.describe(other))")
        }
    }

    /// The enrolled person's number: `employeeNoString` on current firmware, `employeeNo`
    /// (a number or a string) on older; nil for failed matches, which carry neither.
    private func subject(in fields: [String: JSONValue]) throws(EventRejection) -> String? {
        for name in ["employeeNoString", "employeeNo"] {
            switch fields[name] {
            case nil, .null?:
                continue
            case .string(let text)?:
                if !text.isEmpty { return text }
            case .number?:
                guard let number = fields[name]?.integerValue, number >= 0 else {
                    throw EventRejection("AccessControllerEvent.\(name): expected a whole number")
                }
                return String(number)
            case let other?:
                throw EventRejection("AccessControllerEvent.\(name): expected a string, found \(Self.describe(other))")
            }
        }
        return nil
    }

    /// What kind of JSON value it is (never the value: it may be personal).
    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
