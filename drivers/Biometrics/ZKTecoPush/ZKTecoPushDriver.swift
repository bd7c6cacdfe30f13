import DeviceKit
import LaneModel

/// `zkteco-push`: a ZKTeco terminal speaking the push ("iclock", ADMS) protocol to the
/// gateway's fixed `/iclock/…` paths. The gateway finds the device by the `SN` query
/// parameter; the driver answers the terminal's polls and turns fingerprint and face ATTLOG
/// records into readings.
public struct ZKTecoPushDriver: EventDriver {
    /// How far the terminal's clock runs ahead of UTC (+420, UTC+7, in Vietnam).
    public let utcOffsetMinutes: Int

    public init(utcOffsetMinutes: Int = 420) { self.utcOffsetMinutes = utcOffsetMinutes }

    public func decode(_ request: DeviceRequest, device: String) throws(EventRejection) -> EventOutcome {
        guard let serial = request.query["SN"], !serial.isEmpty else { throw EventRejection("SN: missing from the query") }
        let method = request.method.uppercased()
        switch (method, request.path) {
        case ("GET", "/iclock/cdata"):
            return EventOutcome(readings: [], reply: .text(options(serial: serial)), note: "options poll")
        case ("POST", "/iclock/cdata"):
            let table = request.query["table"] ?? ""
            guard table.uppercased() == "ATTLOG" else {
                return EventOutcome(readings: [], reply: .text("OK"),
                                    note: "table \(table.isEmpty ? "(none)" : String(table.prefix(20))): not read, acknowledged")
            }
            return attendance(request, device: device)
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
            "TimeZone=\(utcOffsetMinutes / 60)",
            "Realtime=1",
            "Encrypt=None",
        ]
        return lines.joined(separator: "\r\n") + "\r\n"
    }

    /// ATTLOG upload: fingerprint and face records become readings; other verify modes and
    /// malformed lines are named (by line number, never by PIN) in the note. The reply is
    /// always `OK: <lines>`: a terminal resends a batch it was not told OK for, so refusing a
    /// batch for one bad line would block every record after it.
    private func attendance(_ request: DeviceRequest, device: String) -> EventOutcome {
        let text = String(decoding: request.body, as: UTF8.self)
        var readings: [Reading] = []
        var skipped: [String: [Int]] = [:]
        var malformed: [String] = []
        var received = 0
        // Split on Characters that are line breaks: in Swift "\r\n" is one Character, not two.
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            guard !line.allSatisfy({ $0 == " " || $0 == "\t" }) else { continue }
            received += 1
            let number = index + 1
            let record: ZKTecoAttendanceLine
            do { record = try ZKTecoAttendanceLine.parse(line, utcOffsetMinutes: utcOffsetMinutes) } catch {
                malformed.append("line \(number) (\(error.reason))")
                continue
            }
            // An ATTLOG record is written only when the terminal accepted the verification.
            let match = BiometricMatch(passed: true, score: nil, subject: record.pin, vendorEvent: "verify \(record.verifyMode)")
            switch record.verifyMode {
            case ZKTecoAttendanceLine.fingerprintMode:
                readings.append(Reading(device: device, time: record.time, detail: .fingerprint(match)))
            case ZKTecoAttendanceLine.faceMode:
                readings.append(Reading(device: device, time: record.time, detail: .face(match)))
            default:
                skipped[ZKTecoAttendanceLine.describe(verifyMode: record.verifyMode), default: []].append(number)
            }
        }
        var note = "ATTLOG: \(received) line\(received == 1 ? "" : "s"), \(readings.count) reading\(readings.count == 1 ? "" : "s")"
        for (mode, lines) in skipped.sorted(by: { $0.key < $1.key }) {
            note += "; skipped \(mode) (not biometric): line\(lines.count == 1 ? "" : "s") \(lines.map(String.init).joined(separator: ", "))"
        }
        if !malformed.isEmpty { note += "; malformed: " + malformed.joined(separator: ", ") }
        return EventOutcome(readings: readings, reply: .text("OK: \(received)"), note: note,
                            problems: malformed.isEmpty ? [] : ["ATTLOG malformed: " + malformed.joined(separator: ", ")])
    }
}
