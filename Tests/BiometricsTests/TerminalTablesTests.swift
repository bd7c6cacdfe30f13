import Biometrics
import DeviceKit
import LaneModel
import Testing

/// The vendors' code tables as the drivers decide them: every verification becomes a reading,
/// passed or failed; every other known code is a documented ignore; anything else is a fault.
@Suite("Terminal event and verify-mode tables")
struct TerminalTablesTests {
    static let time = Timestamp(rfc3339: "2026-11-23T01:20:00.000Z")!

    static func hikvision(major: Int, sub: Int) throws -> EventOutcome {
        let body = """
            {\"dateTime\":\"2026-11-23T08:16:10+07:00\",\"eventType\":\"AccessControllerEvent\",\"AccessControllerEvent\":{\"majorEventType\":\(major),\"subEventType\"\
            :\(sub),\"employeeNoString\":\"1001\"}}
            """
        let request = DeviceRequest(method: "POST", path: "/devices/face-1/events", headers: ["content-type": "application/json"],
                                    body: Array(body.utf8), time: time)
        return try HikvisionAccessDriver().decode(request, device: "face-1")
    }

    @Test("every Hikvision sub-event of major 5 up to 0x7ff is a reading, an ignore or a fault, never a crash")
    func hikvisionWholeRange() throws {
        var readings = 0, ignored = 0, faults = 0
        for sub in 0...0x7FF {
            let outcome = try Self.hikvision(major: 5, sub: sub)
            if !outcome.readings.isEmpty { readings += 1 } else if outcome.problems.isEmpty { ignored += 1 } else { faults += 1 }
            #expect(outcome.reply.status == 200, "sub-event \(sub) must still be acknowledged")
        }
        // 14 passed and 30 failed verification codes; 0 and codes the SDK does not define are faults.
        #expect(readings == 44)
        #expect(faults > 0 && ignored > 150)
    }

    @Test("combined Hikvision verifications give one reading per checked factor", arguments: [(54, 2), (63, 2), (66, 2), (60, 1), (40, 1), (75, 1)])
    func hikvisionCombined(_ sub: Int, _ count: Int) throws {
        #expect(try Self.hikvision(major: 5, sub: sub).readings.count == count)
    }

    @Test("a major type the SDK does not define is a fault; alarms, exceptions and operations are ignored", arguments: [(1, false), (2, false), (3, false), (4, true), (9, true)])
    func hikvisionMajor(_ major: Int, _ fault: Bool) throws {
        let outcome = try Self.hikvision(major: major, sub: 75)
        #expect(outcome.readings.isEmpty)
        #expect(outcome.problems.isEmpty != fault)
    }

    @Test("verify modes: combined modes name every factor, 'or' modes and automatic prove none", arguments: [
        (1, true, false), (15, false, true), (16, true, true), (19, true, true), (10, true, false), (18, false, true),
        (5, false, false), (6, false, false), (0, false, false), (2, false, false), (25, false, false), (200, false, false),
    ])
    func verifyModes(_ code: Int, _ fingerprint: Bool, _ face: Bool) {
        let mode = ZKTecoVerifyMode(code: code)
        #expect(mode.isKnown)
        #expect(mode.checkedFingerprint == fingerprint && mode.checkedFace == face)
    }

    @Test("the bit-string verify type is read by bits, not as a decimal code")
    func bitString() throws {
        let face = try #require(ZKTecoVerifyMode(bits: "0000000000000010"))
        #expect(face.checkedFace && !face.checkedFingerprint)
        let fingerprint = try #require(ZKTecoVerifyMode(bits: "0000000000010000"))
        #expect(fingerprint.checkedFingerprint && !fingerprint.checkedFace)
        #expect(ZKTecoVerifyMode(bits: "10") == nil && ZKTecoVerifyMode(bits: "000000000000001x") == nil)
    }

    static func rtlog(_ body: String, path: String = "/iclock/cdata") throws -> EventOutcome {
        try ZKTecoPushDriver().decode(DeviceRequest(method: "POST", path: path, query: ["SN": "S", "table": "rtlog"], body: Array(body.utf8),
                                                    time: time), device: "fp-1")
    }

    @Test("every rtlog event code with a face verify type is a reading, an ignore or a fault, and always OK")
    func rtlogWholeRange() throws {
        var readings = 0, faults = 0
        for event in Array(0...300) + [4000, 5001, 6010, 7000] {
            let outcome = try Self.rtlog("time=2026-11-23 08:15:02\tpin=1001\tevent=\(event)\tverifytype=15\tindex=1\r\n")
            #expect(outcome.reply.body == Array("OK".utf8))
            if !outcome.readings.isEmpty {
                readings += 1
                #expect(outcome.readings.count == 1)
            }
            if !outcome.problems.isEmpty { faults += 1 }
        }
        #expect(readings == 19 + 38)
        #expect(faults > 0)
    }

    @Test("a failed rtlog verification records no subject, even when the terminal names one")
    func failedHasNoSubject() throws {
        let outcome = try Self.rtlog("time=2026-11-23 08:15:02\tpin=1001\tevent=23\tverifytype=15\n")
        let reading = try #require(outcome.readings.first)
        #expect(reading.detail == .face(BiometricMatch(passed: false, score: nil, subject: nil, vendorEvent: "event 23 verifytype 15")))
    }

    @Test("malformed rtlog lines are faults named by line, never quoting a PIN", arguments: [
        "pin=1001\tevent=0\tverifytype=15", "time=2026-11-23 08:15:02\tpin=1001\tevent=zero\tverifytype=15",
        "time=2026-11-23 08:15:02\tpin=1001\tevent", "time=2026-11-23 08:15:02\tpin=1001\tpin=1002\tevent=0\tverifytype=15",
        "time=2026-11-23 08:15:02\tpin=1001\tevent=99999999999999999999\tverifytype=15",
    ])
    func malformed(_ line: String) throws {
        let outcome = try Self.rtlog(line + "\n")
        #expect(outcome.readings.isEmpty && !outcome.problems.isEmpty)
        #expect(!(outcome.note ?? "").contains("1001") && !outcome.problems.joined().contains("1001"))
    }

    @Test("an ATTLOG verify mode not in the table is a fault, and the batch is still acknowledged")
    func unknownVerifyMode() throws {
        let request = DeviceRequest(method: "POST", path: "/iclock/cdata.aspx", query: ["SN": "S", "table": "ATTLOG"],
                                    body: Array("1001\t2026-11-23 08:15:02\t0\t99\n1002\t2026-11-23 08:15:03\t0\t15\n".utf8), time: Self.time)
        let outcome = try ZKTecoPushDriver().decode(request, device: "fp-1")
        #expect(outcome.readings.count == 1)
        #expect(outcome.problems.first?.contains("verify mode 99") == true)
        #expect(outcome.reply.body == Array("OK: 2".utf8))
    }

    @Test("access-control firmware asking for options is told it is registered; attendance firmware gets the options")
    func securityPushHandshake() throws {
        let driver = ZKTecoPushDriver()
        let access = try driver.decode(DeviceRequest(method: "GET", path: "/iclock/cdata", query: ["SN": "NYU7251601501", "options": "all", "pushver": "3.1.2"],
                                                     time: Self.time), device: "fp-1")
        let accessReply = String(decoding: access.reply.body, as: UTF8.self)
        #expect(accessReply.hasPrefix("registry=ok\r\nRegistryCode=LANYU7251601501\r\n") && accessReply.contains("Realtime=1"))
        let attendance = try driver.decode(DeviceRequest(method: "GET", path: "/iclock/cdata.aspx", query: ["SN": "S", "options": "all", "pushver": "2.4.1"],
                                                         time: Self.time), device: "fp-1")
        #expect(String(decoding: attendance.reply.body, as: UTF8.self).hasPrefix("GET OPTION FROM: S\r\n"))
        let push = try driver.decode(DeviceRequest(method: "POST", path: "/iclock/push", query: ["SN": "S"], time: Self.time), device: "fp-1")
        #expect(String(decoding: push.reply.body, as: UTF8.self).contains("TransTables=User Transaction"))
    }
}

@Suite("ZKTeco replies the terminals need")
struct ZKTecoRepliesTests {
    static let time = Timestamp(rfc3339: "2026-11-23T01:20:00.000Z")!

    @Test("a bulk table is answered <tablename>=<count>; stored access records are a fault, never a silent OK")
    func tableData() throws {
        let driver = ZKTecoPushDriver()
        let users = try driver.decode(DeviceRequest(method: "POST", path: "/iclock/cdata", query: ["SN": "S", "table": "tabledata", "tablename": "user", "count": "2"],
                                                    body: Array("user uid=1\tpin=1\nuser uid=2\tpin=2\n".utf8),
                                                    time: Self.time), device: "fp-1")
        #expect(users.reply.body == Array("user=2".utf8) && users.problems.isEmpty)
        let stored = try driver.decode(DeviceRequest(method: "POST", path: "/iclock/cdata", query: ["SN": "S", "table": "tabledata", "tablename": "transaction"],
                                                     body: Array("transaction cardno=0\tpin=1\n".utf8), time: Self.time),
                                       device: "fp-1")
        #expect(stored.reply.body == Array("transaction=1".utf8))
        #expect(stored.problems.first?.contains("1 stored access records not read") == true)
    }

    @Test("the time request gets the lane's time in ZKTeco's seconds and its zone")
    func serverTime() throws {
        // 2026-11-23 08:20:00 at UTC+7: ((26 × 12 + 10) × 31 + 22) days, then 8:20:00.
        let outcome = try ZKTecoPushDriver().decode(DeviceRequest(method: "GET", path: "/iclock/rtdata", query: ["SN": "S", "type": "time"], time: Self.time),
                                                    device: "fp-1")
        let seconds = ((26 * 12 + 10) * 31 + 22) * 86_400 + 8 * 3600 + 20 * 60
        #expect(outcome.reply.body == Array("DateTime=\(seconds),ServerTZ=+0700".utf8))
    }

    @Test("a half-hour zone is sent in minutes", arguments: [(420, "TimeZone=7\r\n"), (330, "TimeZone=330\r\n"), (-300, "TimeZone=-5\r\n")])
    func timeZone(_ offset: Int, _ line: String) {
        #expect(ZKTecoPushDriver(utcOffsetMinutes: offset).options(serial: "S").contains(line))
    }
}
