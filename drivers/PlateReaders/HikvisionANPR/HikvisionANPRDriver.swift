import CrossingCodes
import DeviceKit
import LaneModel

/// Hikvision ISAPI ANPR push (`driver = "hikvision-anpr"`): the camera posts each plate as
/// `multipart/form-data` with an `EventNotificationAlert` XML part (`anpr.xml`) and JPEG parts
/// (plate and detection pictures); some firmwares post the XML alone. Heartbeats and other
/// events give no reading.
public struct HikvisionANPRDriver: EventDriver {
    public init() {}

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        let content = try HikvisionANPRContent(request)
        let root: XMLNode
        do {
            root = try XMLTreeReader.read(content.xml)
        } catch {
            throw EventRejection("\(content.xmlLabel): not well-formed XML: \(error)", excerpt: InputExcerpt.of(content.xml))
        }
        func reject(_ reason: String) -> EventRejection {
            EventRejection("\(content.xmlLabel): \(reason)", excerpt: InputExcerpt.of(content.xml))
        }
        guard root.name == "EventNotificationAlert" else {
            throw reject("the root element is <\(root.name)>, not <EventNotificationAlert>")
        }
        let eventType = root.childText("eventType") ?? ""
        guard eventType.lowercased() == "anpr" else {
            let state = root.childText("eventState").map { ", \($0)" } ?? ""
            if eventType.lowercased() == "videoloss" { return EventOutcome(readings: [], note: "heartbeat (videoloss\(state))") }
            let shown = eventType.isEmpty ? "an alert without <eventType>" : "\(eventType) event\(state)"
            return EventOutcome(readings: [], note: "\(shown): not ANPR, ignored")
        }
        guard let anpr = root.child("ANPR") else { throw reject("no <ANPR> in an ANPR alert") }
        guard let plate = anpr.childText("licensePlate") else { throw reject("no <licensePlate> in <ANPR>") }
        guard !plate.unicodeScalars.contains("\u{FFFD}") else { throw reject("<licensePlate> is not UTF-8 text") }
        var confidence: Double?
        if let level = anpr.childText("confidenceLevel"), !level.isEmpty {
            guard let percent = Double(level) else { throw reject("<confidenceLevel> '\(level.prefix(20))' is not a number") }
            guard let scaled = PlateConfidence.fromPercent(percent) else { throw reject("<confidenceLevel> \(level) is outside 0–100") }
            confidence = scaled
        }
        let time = root.childText("dateTime").flatMap(DeviceTime.parse) ?? request.time
        let report = PlateReport(raw: plate, confidence: confidence, direction: Self.direction(anpr.childText("direction")),
                                 time: time, evidence: content.pictures,
                                 colour: anpr.childText("plateColor").flatMap(PlateColour.init(isapi:)))
        return report.outcome(device: device)
    }

    /// `forward` (towards the camera) is an approach, `reverse` a leave; `unknown` or anything else is nil.
    static func direction(_ text: String?) -> String? {
        switch text?.lowercased() {
        case "forward": "approach"
        case "reverse": "leave"
        default: nil
        }
    }
}
