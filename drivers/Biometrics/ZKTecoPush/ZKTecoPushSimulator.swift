import DeviceKit
import LaneModel

/// A ZKTeco terminal's push session for `laneagent diag simulate zkteco` and tests: attendance
/// firmware's options poll, command poll and ATTLOG upload (with eSSL's `.aspx` paths when
/// asked), or access-control firmware's registration and `rtlog` upload, in the shapes the
/// captures in `Fixtures/third-party/` show.
public enum ZKTecoPushSimulator {
    /// One attendance record to upload.
    public struct Attendance: Sendable, Hashable {
        public var pin: String
        public var time: Timestamp
        /// 1 fingerprint, 15 face, 0 password, 2 card.
        public var verifyMode: Int
        public var status: Int

        public init(pin: String, time: Timestamp, verifyMode: Int, status: Int = 0) {
            self.pin = pin
            self.time = time
            self.verifyMode = verifyMode
            self.status = status
        }
    }

    /// `GET /iclock/cdata?SN=…&options=all…`: what a terminal sends after power-on.
    public static func optionsRequest(serial: String, time: Timestamp = .now()) -> DeviceRequest {
        DeviceRequest(method: "GET", path: "/iclock/cdata",
                      query: ["SN": serial, "options": "all", "pushver": "2.4.1", "language": "69"],
                      headers: ["user-agent": "iClock Proxy/1.09"], time: time)
    }

    /// `GET /iclock/getrequest?SN=…`: the terminal asking for commands.
    public static func commandPollRequest(serial: String, time: Timestamp = .now()) -> DeviceRequest {
        DeviceRequest(method: "GET", path: "/iclock/getrequest", query: ["SN": serial], headers: ["user-agent": "iClock Proxy/1.09"],
                      time: time)
    }

    /// `POST /iclock/cdata?SN=…&table=ATTLOG&Stamp=…` with one tab-separated line per record,
    /// times on the terminal's clock `utcOffsetMinutes` ahead of UTC.
    public static func attendanceRequest(serial: String, records: [Attendance], utcOffsetMinutes: Int = 420, stamp: Int = 9999,
                                         lineEnding: String = "\n", time: Timestamp = .now()) -> DeviceRequest {
        var body = ""
        for record in records {
            let local = TerminalTime.local(record.time, utcOffsetMinutes: utcOffsetMinutes)
            let fields: [String] = [record.pin, local, String(record.status), String(record.verifyMode), "0", "0", "0", "0", "0"]
            body += fields.joined(separator: "\t") + lineEnding
        }
        return DeviceRequest(method: "POST", path: "/iclock/cdata", query: ["SN": serial, "table": "ATTLOG", "Stamp": String(stamp)],
                             headers: ["content-type": "text/plain", "user-agent": "iClock Proxy/1.09"], body: Array(body.utf8),
                             time: time)
    }

    /// Access-control ("security push") firmware's session: options with `pushver=3.1.2`,
    /// registration, configuration, then one `rtlog` upload of `records` with `event` (0 a
    /// normal verified open, 27 an unregistered person), keys in the order real terminals send them.
    public static func securitySession(serial: String, records: [Attendance], event: Int = 0, utcOffsetMinutes: Int = 420,
                                       time: Timestamp = .now()) -> [DeviceRequest] {
        let agent = ["user-agent": "iClock Proxy/1.09"]
        var body = ""
        for (index, record) in records.enumerated() {
            let local = TerminalTime.local(record.time, utcOffsetMinutes: utcOffsetMinutes)
            let pin = event == 27 ? "0" : record.pin
            body += "time=\(local)\tpin=\(pin)\tcardno=0\teventaddr=1\tevent=\(event)\tinoutstatus=0\tverifytype=\(record.verifyMode)"
                + "\tindex=\(index + 1)\tsitecode=0\tlinkid=0\tmaskflag=0\ttemperature=0\tconvtemperature=0\r\n"
        }
        return [
            DeviceRequest(method: "GET", path: "/iclock/cdata", query: ["SN": serial, "options": "all", "pushver": "3.1.2"], headers: agent, time: time),
            DeviceRequest(method: "POST", path: "/iclock/registry", query: ["SN": serial], headers: agent,
                          body: Array("DeviceType=acc,~DeviceName=SpeedFace-V5L,FirmVer=ZAM180-NF-Ver1.0,PushVersion=Ver 3.1.2,~SerialNumber=\(serial),FaceFunOn=1,FingerFunOn=1".utf8),
                          time: time),
            DeviceRequest(method: "POST", path: "/iclock/push", query: ["SN": serial], headers: agent, time: time),
            DeviceRequest(method: "POST", path: "/iclock/cdata", query: ["SN": serial, "table": "rtlog"],
                          headers: agent.merging(["content-type": "application/push;charset=UTF-8"]) { $1 }, body: Array(body.utf8), time: time),
        ]
    }

    /// The session with eSSL attendance firmware's `.aspx` paths (`/iclock/cdata.aspx` …).
    public static func withASPXPaths(_ requests: [DeviceRequest]) -> [DeviceRequest] {
        requests.map { request in
            var renamed = request
            renamed.path += ".aspx"
            return renamed
        }
    }

    /// The whole session: options, command poll, then the ATTLOG upload.
    public static func session(serial: String, records: [Attendance], utcOffsetMinutes: Int = 420,
                               time: Timestamp = .now()) -> [DeviceRequest] {
        [optionsRequest(serial: serial, time: time), commandPollRequest(serial: serial, time: time),
         attendanceRequest(serial: serial, records: records, utcOffsetMinutes: utcOffsetMinutes, time: time)]
    }

    /// `count` records a second apart from `start`, alternating fingerprint and face, PINs from 1001.
    public static func records(count: Int, start: Timestamp) -> [Attendance] {
        var records: [Attendance] = []
        for index in 0..<count {
            let time = Timestamp(millisecondsSinceEpoch: start.millisecondsSinceEpoch + Int64(index) * 1000)
            let mode = index % 2 == 0 ? ZKTecoAttendanceLine.fingerprintMode : ZKTecoAttendanceLine.faceMode
            records.append(Attendance(pin: String(1001 + index), time: time, verifyMode: mode))
        }
        return records
    }
}
