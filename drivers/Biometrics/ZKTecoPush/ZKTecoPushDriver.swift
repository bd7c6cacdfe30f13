import DeviceKit
import LaneModel

/// `zkteco-push`: a ZKTeco terminal speaking the push ("iclock", ADMS) protocol to the
/// gateway's fixed `/iclock/…` paths (and their `.aspx` twins, which eSSL and older ZKTeco
/// firmware use). The gateway finds the device by the `SN` query parameter; the driver answers
/// the terminal's polls and turns fingerprint and face verifications into readings: ATTLOG
/// lines of attendance firmware and `rtlog` lines of access-control ("security push") firmware.
public struct ZKTecoPushDriver: EventDriver {
    /// How far the terminal's clock runs ahead of UTC (+420, UTC+7, in Vietnam).
    public let utcOffsetMinutes: Int
    /// How the terminal is set up (its own threshold and liveness check), recorded with each reading.
    public let terminal: TerminalSettings

    public init(utcOffsetMinutes: Int = 420, terminal: TerminalSettings = TerminalSettings()) {
        self.utcOffsetMinutes = utcOffsetMinutes
        self.terminal = terminal
    }

    /// The paths terminals use, without `.aspx`.
    public static let paths = ["/iclock/cdata", "/iclock/getrequest", "/iclock/devicecmd", "/iclock/registry", "/iclock/push",
                               "/iclock/ping", "/iclock/fdata", "/iclock/querydata", "/iclock/rtdata"]

    /// Where a terminal names itself: `SN=` (some firmware writes `sn=`).
    public static let serialQueryKeys = ["SN", "sn"]

    /// `/iclock/cdata.aspx` is `/iclock/cdata`: field-captured eSSL and ZKTeco firmware adds `.aspx`.
    static func canonicalPath(_ path: String) -> String {
        path.lowercased().hasSuffix(".aspx") ? String(path.dropLast(5)) : path
    }

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        // The same rule the gateway routes by (FixedRoutes.serial): the first non-empty of SN, sn.
        guard let serial = Self.serialQueryKeys.lazy.compactMap({ request.query[$0] }).first(where: { !$0.isEmpty }) else {
            throw EventRejection("SN: missing from the query")
        }
        let method = request.method.uppercased()
        switch (method, Self.canonicalPath(request.path)) {
        case ("GET", "/iclock/cdata"):
            // Access-control firmware (push 3.x) must be told it is registered on every
            // connection, or it registers again every 15 s and never uploads a record.
            if Self.isSecurityPush(request) {
                return EventOutcome(readings: [], reply: .text(registered(serial: serial)), note: "options poll (security push, registered)")
            }
            return EventOutcome(readings: [], reply: .text(options(serial: serial)), note: "options poll")
        case ("POST", "/iclock/registry"):
            return EventOutcome(readings: [], reply: .text("RegistryCode=\(Self.registryCode(serial: serial))"), note: "registration (security push)")
        case ("POST", "/iclock/push"), ("GET", "/iclock/push"):
            return EventOutcome(readings: [], reply: .text(configuration(serial: serial)), note: "configuration download (security push)")
        case ("POST", "/iclock/cdata"):
            let table = request.query["table"] ?? ""
            switch table.lowercased() {
            case "attlog": return attendance(request, device: device)
            case "rtlog": return realtime(request, device: device)
            case "rtstate":
                return EventOutcome(readings: [], reply: .text("OK"), note: "rtstate (door and alarm state): no verification, acknowledged")
            case "tabledata":
                return tableData(request)
            default:
                // OPERLOG, ATTPHOTO, BIODATA, USERINFO …: enrolment and photos, never a verification.
                return EventOutcome(readings: [], reply: .text("OK"),
                                    note: "table \(table.isEmpty ? "(none)" : String(table.prefix(20))): not a verification log, acknowledged")
            }
        case ("GET", "/iclock/rtdata") where request.query["type"] == "time":
            return EventOutcome(readings: [], reply: .text(serverTime(request.time)), note: "time request")
        case ("POST", "/iclock/querydata"):
            return tableData(request)
        case ("GET", "/iclock/getrequest"):
            return EventOutcome(readings: [], reply: .text("OK"), note: "command poll, no commands")
        case ("POST", "/iclock/devicecmd"):
            return EventOutcome(readings: [], reply: .text("OK"), note: "command result")
        default:
            guard request.path.hasPrefix("/iclock/") else {
                throw EventRejection("path: \(request.path.prefix(60)) is not a ZKTeco push path (/iclock/…)")
            }
            return EventOutcome(readings: [], reply: .text("OK"), note: "\(method) \(request.path.prefix(60)): not handled, acknowledged")
        }
    }

    /// A bulk table upload (`table=tabledata`) or a query answer (`/iclock/querydata`): the
    /// terminal needs `<tablename>=<count>` back, or it uploads the same data again for ever.
    /// User and biometric tables are enrolment, never a verification; stored access records
    /// (`transaction`) are verifications LaneAgent does not read from a bulk upload, so they
    /// are a fault that says how many, never a silent OK.
    private func tableData(_ request: DeviceRequest) -> EventOutcome {
        let name = String((request.query["tablename"] ?? "").prefix(32))
        let lines = Self.lines(of: request.body).count
        let count = request.query["count"].flatMap { Int($0) }.map { min(max($0, 0), 1_000_000) } ?? lines
        let reply = "\(name.isEmpty ? "tabledata" : name)=\(count)"
        guard name.lowercased() == "transaction" else {
            return EventOutcome(readings: [], reply: .text(reply), note: "table \(name.isEmpty ? "(none)" : name): \(count) records, not a verification log, acknowledged")
        }
        let problem = "tabledata transaction: \(count) stored access records not read (the lane takes verifications from real-time rtlog only)"
        return EventOutcome(readings: [], reply: .text(reply), note: problem, problems: [problem])
    }

    /// The reply to `rtdata?type=time`: the terminal's local time in ZKTeco's seconds count
    /// (days counted as if every month had 31 days, from 2000) and the zone.
    func serverTime(_ time: Timestamp) -> String {
        let local = TerminalTime.local(time, utcOffsetMinutes: utcOffsetMinutes)
        let fields = local.split(whereSeparator: { $0 == "-" || $0 == " " || $0 == ":" }).compactMap { Int($0) }
        guard fields.count == 6 else { return "OK" }
        let days = ((fields[0] - 2000) * 12 + fields[1] - 1) * 31 + fields[2] - 1
        let seconds = days * 86_400 + fields[3] * 3600 + fields[4] * 60 + fields[5]
        // "+07:00" at the end of the ISO form, written "+0700".
        let zone = TerminalTime.iso(time, utcOffsetMinutes: utcOffsetMinutes).suffix(6).filter { $0 != ":" }
        return "DateTime=\(seconds),ServerTZ=\(zone)"
    }

    /// Access-control ("security push") firmware says `pushver=3…` when it asks for options.
    static func isSecurityPush(_ request: DeviceRequest) -> Bool {
        guard let version = request.query["pushver"], let major = version.split(separator: ".").first.flatMap({ Int($0) }) else { return false }
        return major >= 3
    }

    /// The code a security-push terminal is registered under: stable per serial number (the
    /// gateway already knows the terminal by its serial and address), at most 32 characters.
    static func registryCode(serial: String) -> String {
        "LA" + String(serial.filter { $0.isASCII && ($0.isLetter || $0.isNumber) }.prefix(30))
    }

    /// The reply to a registered security-push terminal's options poll: it is registered, and
    /// how to upload (real time, user and transaction tables).
    func registered(serial: String) -> String {
        "registry=ok\r\nRegistryCode=\(Self.registryCode(serial: serial))\r\n" + configuration(serial: serial)
    }

    /// The security-push configuration (`/iclock/push`): upload events in real time.
    func configuration(serial: String) -> String {
        let lines = [
            "ServerVersion=3.1.2",
            "ServerName=LaneAgent",
            "PushProtVer=3.1.2",
            "ErrorDelay=30",
            "RequestDelay=2",
            "TransTimes=00:00;14:00",
            "TransInterval=1",
            "TransTables=User Transaction",
            "Realtime=1",
            "SessionID=\(Self.registryCode(serial: serial))",
            "TimeoutSec=10",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// The registration reply: upload attendance and operation logs in real time, no
    /// encryption, the terminal's time zone in whole hours. Source: ZKTeco push protocol
    /// documentation (PUSH SDK), verify per firmware.
    public func options(serial: String) -> String {
        let lines = [
            "GET OPTION FROM: \(serial)",
            "ATTLOGStamp=None",
            "OPERLOGStamp=9999",
            "ATTPHOTOStamp=None",
            "ErrorDelay=30",
            "Delay=10",
            "TransTimes=00:00;14:05",
            "TransInterval=1",
            "TransFlag=TransData AttLog\tOpLog",
            // Whole hours as hours; the protocol reads a value beyond ±60 as minutes (UTC+5:30 is 330).
            "TimeZone=\(utcOffsetMinutes % 60 == 0 ? utcOffsetMinutes / 60 : utcOffsetMinutes)",
            "Realtime=1",
            "Encrypt=None",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// ATTLOG upload: fingerprint and face records become readings; other verify modes and
    /// malformed lines are named (by line number, never by PIN) in the note, and unknown verify
    /// modes and malformed lines are problems (device faults). The reply is always
    /// `OK: <lines>`: a terminal resends a batch it was not told OK for, so refusing a batch
    /// for one bad line would block every record after it.
    private func attendance(_ request: DeviceRequest, device: String) -> EventOutcome {
        var log = VerificationLog(table: "ATTLOG")
        let offset = utcOffsetMinutes
        for (number, record) in log.read(Self.lines(of: request.body), { line throws(ZKTecoAttendanceLine.Problem) in
            try ZKTecoAttendanceLine.parse(line, utcOffsetMinutes: offset)
        }) {
            // An ATTLOG record is written only when the terminal accepted the verification.
            log.add(ZKTecoVerifyMode(code: record.verifyMode), passed: true, subject: record.pin, time: record.time,
                    vendorEvent: "verify \(record.verifyMode)", line: number, device: device, terminal: terminal)
        }
        return log.outcome(reply: "OK: \(log.received)")
    }

    /// Access-control `rtlog` upload: each event line is decided by its `event` code (passed,
    /// failed, or not a verification) and its `verifytype`. A verification by face or
    /// fingerprint becomes a reading, passed or failed; an event code or verify type not in
    /// the table is a problem (device fault), never a silent OK.
    private func realtime(_ request: DeviceRequest, device: String) -> EventOutcome {
        var log = VerificationLog(table: "rtlog")
        let offset = utcOffsetMinutes
        for (number, record) in log.read(Self.lines(of: request.body), { line throws(ZKTecoAttendanceLine.Problem) in
            try ZKTecoRealtimeLine.parse(line, utcOffsetMinutes: offset)
        }) {
            guard let code = record.event else {
                log.skip("door state", line: number)
                continue
            }
            let passed: Bool
            switch ZKTecoAccessEvent(code: code) {
            case .passed: passed = true
            case .failed: passed = false
            case .other:
                log.skip("event \(code) (not a verification result)", line: number)
                continue
            case .unknown:
                log.unknown.append("line \(number) (event \(code) is not in the access event table)")
                continue
            }
            guard let verifyType = record.verifyType else {
                log.unknown.append("line \(number) (event \(code) without verifytype)")
                continue
            }
            log.add(verifyType, passed: passed, subject: passed ? record.pin : nil, time: record.time,
                    vendorEvent: "event \(code) verifytype \(verifyType.text)", line: number, device: device, terminal: terminal)
        }
        return log.outcome(reply: "OK")
    }

    /// The non-blank lines of a body with their numbers (from 1). Splits on Characters that are
    /// line breaks: in Swift "\r\n" is one Character, not two.
    static func lines(of body: [UInt8]) -> [(Int, Substring)] {
        let text = String(decoding: body, as: UTF8.self)
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated().compactMap { index, line in
            line.allSatisfy { $0 == " " || $0 == "\t" } ? nil : (index + 1, line)
        }
    }
}
