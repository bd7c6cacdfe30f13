import DeviceKit
import LaneModel

/// Hikvision access-control event pushes for `laneagent diag simulate face` and tests, in the
/// terminal's wire shapes: plain JSON, or multipart with the event part and a face picture. Like
/// the real terminals (`Fixtures/third-party/`), it sends the verdict and no similarity score.
public enum HikvisionAccessSimulator {
    /// The boundary the simulator's multipart bodies use (terminals pick their own).
    public static let boundary = "MIME_boundary"

    /// The event JSON a terminal posts for `verification`.
    public static func eventJSON(_ verification: HikvisionVerification, employeeNo: String?, name: String?,
                                 time: Timestamp, utcOffsetMinutes: Int = 420, serialNo: Int = 1) -> [UInt8] {
        var access: [String: JSONValue] = [
            "deviceName": "Face Terminal", "majorEventType": .number(Double(HikvisionVerification.majorEventType)),
            "subEventType": .number(Double(verification.rawValue)), "cardReaderNo": 1, "serialNo": .number(Double(serialNo)),
            "currentVerifyMode": verification.isFace ? "cardOrFaceOrFp" : "fingerPrint", "attendanceStatus": "undefined",
            "picturesNumber": verification.isFace ? 1 : 0,
        ]
        if let employeeNo { access["employeeNoString"] = .string(employeeNo); access["userType"] = "normal" }
        if let name { access["name"] = .string(name) }
        let event: JSONValue = [
            "ipAddress": "192.168.1.64", "portNo": 80, "protocol": "HTTP", "macAddress": "44:19:b6:00:00:01", "channelID": 1,
            "dateTime": .string(TerminalTime.iso(time, utcOffsetMinutes: utcOffsetMinutes)), "activePostCount": 1,
            "eventType": "AccessControllerEvent", "eventState": "active", "eventDescription": "Access Controller Event",
            "AccessControllerEvent": .object(access),
        ]
        return CanonicalJSON.encode(event)
    }

    /// A JSON push to the gateway's `/devices/{device}/events`.
    public static func jsonRequest(device: String, _ verification: HikvisionVerification, employeeNo: String? = "1001",
                                   name: String? = nil, time: Timestamp = .now(),
                                   utcOffsetMinutes: Int = 420) -> DeviceRequest {
        DeviceRequest(method: "POST", path: "/devices/\(device)/events", headers: ["content-type": "application/json"],
                      body: eventJSON(verification, employeeNo: employeeNo, name: name, time: time,
                                      utcOffsetMinutes: utcOffsetMinutes),
                      time: time)
    }

    /// A multipart push: the event in a part named `AccessControllerEvent` and `picture` as
    /// `image/jpeg` (use DeviceKit's `SyntheticJPEG.make(size:)`).
    public static func multipartRequest(device: String, _ verification: HikvisionVerification, employeeNo: String? = "1001",
                                        name: String? = nil, picture: [UInt8], time: Timestamp = .now(),
                                        utcOffsetMinutes: Int = 420) -> DeviceRequest {
        let event = eventJSON(verification, employeeNo: employeeNo, name: name, time: time,
                              utcOffsetMinutes: utcOffsetMinutes)
        var body: [UInt8] = []
        func line(_ text: String) { body += Array(text.utf8) + [0x0D, 0x0A] }
        line("--\(boundary)")
        line("Content-Disposition: form-data; name=\"AccessControllerEvent\"")
        line("Content-Type: application/json")
        line("Content-Length: \(event.count)")
        line("")
        body += event + [0x0D, 0x0A]
        line("--\(boundary)")
        line("Content-Disposition: form-data; name=\"Picture\"; filename=\"FaceImage.jpg\"")
        line("Content-Type: image/jpeg")
        line("Content-Length: \(picture.count)")
        line("")
        body += picture + [0x0D, 0x0A]
        line("--\(boundary)--")
        return DeviceRequest(method: "POST", path: "/devices/\(device)/events",
                             headers: ["content-type": "multipart/form-data; boundary=\(boundary)"], body: body, time: time)
    }
}
