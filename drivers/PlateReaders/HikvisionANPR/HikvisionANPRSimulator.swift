import Foundation
import DeviceKit
import LaneModel

/// Writes Hikvision ISAPI ANPR pushes as the cameras do: `multipart/form-data` with the
/// `anpr.xml` alert, then `licensePlatePicture.jpg` and `detectionPicture.jpg`.
public struct HikvisionANPRSimulator: PlateEventSimulator {
    /// How lines end in the multipart framing: cameras use CRLF; some relays rewrite to LF.
    public enum LineEnding: String, Sendable, Hashable { case crlf, lf }

    public var boundary: String
    public var lineEnding: LineEnding
    /// The camera's time zone, for `dateTime` (`+07:00` in Vietnam, `+08:00` in China).
    public var utcOffsetMinutes: Int
    /// Write `boundary="…"` rather than `boundary=…` in Content-Type.
    public var quotesBoundary: Bool
    /// The camera's channel name in the alert.
    public var channelName: String

    public init(boundary: String = "MIME_boundary", lineEnding: LineEnding = .crlf, utcOffsetMinutes: Int = 420,
                quotesBoundary: Bool = false, channelName: String = "Lane ANPR") {
        self.boundary = boundary
        self.lineEnding = lineEnding
        self.utcOffsetMinutes = utcOffsetMinutes
        self.quotesBoundary = quotesBoundary
        self.channelName = channelName
    }

    public func request(plate: String, confidence: Double?, direction: String?, time: Timestamp, platePicture: [UInt8]?,
                        scenePicture: [UInt8]?) -> DeviceRequest {
        let newline: [UInt8] = lineEnding == .crlf ? [0x0D, 0x0A] : [0x0A]
        var body: [UInt8] = []
        body.reserveCapacity(2048 + (platePicture?.count ?? 0) + (scenePicture?.count ?? 0))
        func part(name: String, type: String, _ content: [UInt8]) {
            body += Array("--\(boundary)".utf8) + newline
            body += Array("Content-Disposition: form-data; name=\"\(name)\"; filename=\"\(name)\"".utf8) + newline
            body += Array("Content-Type: \(type)".utf8) + newline
            body += Array("Content-Length: \(content.count)".utf8) + newline + newline
            body += content + newline
        }
        part(name: "anpr.xml", type: "application/xml",
             Array(alertXML(plate: plate, confidence: confidence, direction: direction, time: time, pictures: (platePicture != nil, scenePicture != nil)).utf8))
        if let platePicture { part(name: "licensePlatePicture.jpg", type: "image/jpeg", platePicture) }
        if let scenePicture { part(name: "detectionPicture.jpg", type: "image/jpeg", scenePicture) }
        body += Array("--\(boundary)--".utf8) + newline
        let quoted = quotesBoundary ? "\"\(boundary)\"" : boundary
        return DeviceRequest(method: "POST", path: "/", headers: ["Content-Type": "multipart/form-data; boundary=\(quoted)"],
                             body: body, time: time)
    }

    /// The `EventNotificationAlert` XML of one ANPR event, with the fields the cameras fill in
    /// beside the ones the driver reads.
    public func alertXML(plate: String, confidence: Double?, direction: String?, time: Timestamp,
                         pictures: (plate: Bool, scene: Bool) = (true, true)) -> String {
        let cameraDirection = switch direction { case "approach": "forward"; case "leave": "reverse"; default: "unknown" }
        let confidenceLine = confidence.map { "<confidenceLevel>\(Int(($0 * 100).rounded()))</confidenceLevel>\n" } ?? ""
        var pictureList = ""
        if pictures.plate { pictureList += "<pictureInfo><fileName>licensePlatePicture.jpg</fileName><type>licensePlatePicture</type></pictureInfo>\n" }
        if pictures.scene { pictureList += "<pictureInfo><fileName>detectionPicture.jpg</fileName><type>detectionPicture</type></pictureInfo>\n" }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <EventNotificationAlert version="2.0" xmlns="http://www.hikvision.com/ver20/XMLSchema">
            <ipAddress>192.168.1.64</ipAddress>
            <portNo>80</portNo>
            <protocol>HTTP</protocol>
            <macAddress>44:19:b6:00:00:01</macAddress>
            <channelID>1</channelID>
            <dateTime>\(localTime(time))</dateTime>
            <activePostCount>1</activePostCount>
            <eventType>ANPR</eventType>
            <eventState>active</eventState>
            <eventDescription>ANPR</eventDescription>
            <channelName>\(Self.escape(channelName))</channelName>
            <ANPR>
            <country>0</country>
            <licensePlate>\(Self.escape(plate))</licensePlate>
            <line>1</line>
            <direction>\(cameraDirection)</direction>
            \(confidenceLine)<plateType>unknown</plateType>
            <plateColor>blue</plateColor>
            <vehicleType>truck</vehicleType>
            <pictureInfoList>
            \(pictureList)</pictureInfoList>
            </ANPR>
            <picNum>\((pictures.plate ? 1 : 0) + (pictures.scene ? 1 : 0))</picNum>
            <isDataRetransmission>false</isDataRetransmission>
            </EventNotificationAlert>

            """
    }

    /// `time` in the camera's zone: `2024-05-14T09:31:05+07:00`.
    func localTime(_ time: Timestamp) -> String {
        let local = Timestamp(millisecondsSinceEpoch: time.millisecondsSinceEpoch + Int64(utcOffsetMinutes) * 60_000)
        let magnitude = abs(utcOffsetMinutes)
        let hours = String(magnitude / 60 + 100).dropFirst(), minutes = String(magnitude % 60 + 100).dropFirst()
        return String(local.rfc3339.prefix(19)) + (utcOffsetMinutes < 0 ? "-" : "+") + hours + ":" + minutes
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;")
    }
}
