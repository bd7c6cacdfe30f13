import Biometrics
import DeviceKit
import LaneModel
import Testing

@Suite("zkteco-push: sessions, ATTLOG lines and time zones")
struct ZKTecoPushTests {
    static let start = Timestamp(rfc3339: "2026-11-23T01:15:02.000Z")!

    @Test("a simulated session: options, no commands, one reading per biometric line", arguments: [0, 1, 2, 50], [420, 480])
    func session(_ count: Int, _ offset: Int) throws {
        let driver = ZKTecoPushDriver(utcOffsetMinutes: offset)
        let records = ZKTecoPushSimulator.records(count: count, start: Self.start)
        let requests = ZKTecoPushSimulator.session(serial: "CKJG202260011", records: records, utcOffsetMinutes: offset, time: Self.start)
        let outcomes = try requests.map { try driver.decode($0, device: "fp-1") }
        let options = String(decoding: outcomes[0].reply.body, as: UTF8.self)
        #expect(options.hasPrefix("GET OPTION FROM: CKJG202260011\r\n"))
        #expect(options.contains("TimeZone=\(offset / 60)\r\n"))
        #expect(outcomes[1].reply.body == Array("OK".utf8))
        #expect(outcomes[2].reply.body == Array("OK: \(count)".utf8))
        let readings = outcomes[2].readings
        #expect(readings.count == count)
        for (reading, record) in zip(readings, records) {
            let match = BiometricMatch(passed: true, score: nil, subject: record.pin, vendorEvent: "verify \(record.verifyMode)")
            #expect(reading.detail == (record.verifyMode == 15 ? .face(match) : .fingerprint(match)))
            #expect(reading.time == record.time)
            #expect(reading.device == "fp-1")
        }
    }

    /// The gateway routes by the first non-empty of SN and sn; the driver must read the same one,
    /// or a request the gateway gave this device is refused by it.
    @Test("an empty SN= with sn= filled: the driver takes sn, as the gateway's routes do")
    func serialFromEitherKey() throws {
        var request = ZKTecoPushSimulator.attendanceRequest(serial: "CKJG202260011", records: ZKTecoPushSimulator.records(count: 2, start: Self.start))
        request.query["SN"] = ""
        request.query["sn"] = "CKJG202260011"
        let routes = try #require(BiometricDrivers.named("zkteco-push")?.fixedRoutes)
        #expect(routes.serial(of: request) == "CKJG202260011")
        #expect(try ZKTecoPushDriver().decode(request, device: "fp-1").readings.count == 2)
        request.query["sn"] = ""
        #expect(routes.serial(of: request) == nil)
        #expect(throws: EventRejection.self) { try ZKTecoPushDriver().decode(request, device: "fp-1") }
    }

    @Test("CRLF and LF uploads give the same readings")
    func lineEndings() throws {
        let records = ZKTecoPushSimulator.records(count: 5, start: Self.start)
        let driver = ZKTecoPushDriver()
        let lf = try driver.decode(ZKTecoPushSimulator.attendanceRequest(serial: "S", records: records, lineEnding: "\n"), device: "fp-1")
        let crlf = try driver.decode(ZKTecoPushSimulator.attendanceRequest(serial: "S", records: records, lineEnding: "\r\n"), device: "fp-1")
        #expect(lf.readings == crlf.readings)
        #expect(lf.readings.count == 5)
    }

    @Test("verify modes that prove no face or fingerprint are skipped and named in the note", arguments: [0, 2, 3, 4, 5, 6, 21, 25, 200])
    func otherModes(_ mode: Int) throws {
        let record = ZKTecoPushSimulator.Attendance(pin: "1001", time: Self.start, verifyMode: mode)
        let outcome = try ZKTecoPushDriver().decode(ZKTecoPushSimulator.attendanceRequest(serial: "S", records: [record]), device: "fp-1")
        #expect(outcome.readings.isEmpty)
        #expect(outcome.reply.body == Array("OK: 1".utf8), "acknowledged, so the terminal does not resend it")
        #expect(outcome.note?.contains("skipped \(ZKTecoVerifyMode(code: mode).description)") == true)
        #expect(outcome.problems.isEmpty, "a documented mode is not a fault")
        #expect(outcome.note?.contains("1001") == false)
    }

    @Test("ATTLOG lines", arguments: [
        ("1001\t2026-11-23 08:15:02\t0\t1", true), ("1001\t2026-11-23 08:15:02\t0\t15\t0\t0\t0\t0\t0\t0", true),
        (" 1001 \t2026-11-23 08:15:02\t0\t1", true), ("1001\t2026-11-23 08:15\t0\t1", false), ("1001\t2026-11-23 08:15:02\t0", false),
        ("1001\t2026-11-23 08:15:02\tin\t1", false), ("1001\t2026-11-23 08:15:02\t0\tFP", false), ("\t2026-11-23 08:15:02\t0\t1", false),
        ("1001 2026-11-23 08:15:02 0 1", false), ("1001\t2026-13-01 08:15:02\t0\t1", false),
    ])
    func lines(_ line: String, _ valid: Bool) {
        let parsed = try? ZKTecoAttendanceLine.parse(Substring(line), utcOffsetMinutes: 420)
        #expect((parsed != nil) == valid)
        if let parsed { #expect(parsed.pin == "1001" && parsed.time == Self.start) }
    }

    @Test("local terminal times convert with the configured offset", arguments: [420, 480, 0, -300, 345])
    func localTimes(_ offset: Int) {
        let text = TerminalTime.local(Self.start, utcOffsetMinutes: offset)
        #expect(TerminalTime.parse(local: text, utcOffsetMinutes: offset) == Self.start)
        #expect(DeviceTime.parse(TerminalTime.iso(Self.start, utcOffsetMinutes: offset)) == Self.start)
    }

    @Test("the options reply is CRLF lines with the transfer flags tab-separated")
    func optionsReply() {
        let text = ZKTecoPushDriver(utcOffsetMinutes: 420).options(serial: "X1")
        let lines = text.components(separatedBy: "\r\n")
        #expect(lines.first == "GET OPTION FROM: X1")
        #expect(lines.last == "")
        #expect(lines.contains("TransFlag=TransData AttLog\tOpLog"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
    }
}
