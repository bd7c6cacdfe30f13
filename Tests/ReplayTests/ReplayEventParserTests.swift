import Agent
import BoardTools
import Lanes
import LaneModel
import Testing

/// Event lines become the readings the drivers would have produced; a bad line is named with
/// its number and what is wrong, and never stops the replay.
@Suite("Replay event lines")
struct ReplayEventParserTests {
    static let parser: ReplayEventParser = {
        let config = try! AgentConfig.load(path: ReplayFixture.configPath)
        return ReplayEventParser(lanes: config.lanes, devices: config.devices)
    }()

    static func parse(_ line: String, number: Int = 7) throws(ReplayLineError) -> ReplayEvent {
        try parser.parse(Array(line.utf8), line: number)
    }

    static func observation(_ line: String) throws -> (LaneObservation, String) {
        let event = try parse(line)
        guard case .input(.reading(let observation, let device, let reference)) = event.action else {
            Issue.record("not a reading: \(line)")
            throw ReplayLineError(line: 0, "not a reading")
        }
        #expect(reference == nil, "replay has no journal records to refer to")
        return (observation, device)
    }

    @Test("presence lines: loops and occupancy; the issue's first example line")
    func presence() throws {
        let event = try Self.parse(#"{"at":"2026-11-23T08:00:00.000Z","lane":"C1","type":"presence","loop":"entry","occupied":true}"#)
        #expect(event.at == Timestamp(rfc3339: "2026-11-23T08:00:00.000Z") && event.lanes == ["C1"] && event.line == 7)
        guard case .input(.presence(.entry, occupied: true)) = event.action else { Issue.record("\(event.action)"); return }
        let passage = try Self.parse(#"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"presence","loop":"passage","occupied":false}"#)
        guard case .input(.presence(.passage, occupied: false)) = passage.action else { Issue.record("\(passage.action)"); return }
    }

    @Test("a plate is normalised as the camera drivers do, and comes from the lane's plate reader")
    func plate() throws {
        let (observation, device) = try Self.observation(#"{"at":"2026-11-23T08:00:02.100Z","lane":"C1","type":"plate","plate":"29c-123.45","confidence":0.94}"#)
        guard case .plate(let read) = observation else { Issue.record("\(observation)"); return }
        #expect(read.raw == "29c-123.45" && read.normalized == "29C12345" && read.confidence == 0.94 && device == "anpr-1")
    }

    @Test("a weight is a stable or unstable gross reading of the lane's scale, stamped with the event's time")
    func weight() throws {
        let (observation, device) = try Self.observation(#"{"at":"2026-11-23T08:00:05.000Z","lane":"C2","type":"weight","weightKg":24150,"stable":true}"#)
        guard case .weight(let weight) = observation else { Issue.record("\(observation)"); return }
        #expect(weight.weightKg == 24150 && weight.stable && weight.status == .ok && weight.device == "scale-2" && device == "scale-2")
        #expect(weight.time == Timestamp(rfc3339: "2026-11-23T08:00:05.000Z"))
    }

    @Test("container codes are checked (ISO 6346): a wrong check digit is a reading the rules judge, not a bad line",
          arguments: [("CSQU3054383", true), ("csqu 305438 3", true), ("MSKU7654321", false), ("CSQ3054383", false)])
    func container(code: String, valid: Bool) throws {
        let (observation, device) = try Self.observation(#"{"at":"2026-11-23T08:00:06Z","lane":"C1","type":"container","code":"\#(code)"}"#)
        guard case .container(let read) = observation else { Issue.record("\(observation)"); return }
        #expect(read.valid == valid && device == "ocr-1")
        #expect((read.problem == nil) == valid)
    }

    @Test("scan verdicts, codes, faces and fingerprints")
    func otherReadings() throws {
        let (scan, xray) = try Self.observation(#"{"at":"2026-11-23T08:00:20Z","lane":"C1","type":"scan","verdict":"suspect"}"#)
        guard case .scan(let result) = scan else { Issue.record("\(scan)"); return }
        #expect(result.verdict == .suspect && xray == "xray-1")
        let (code, reader) = try Self.observation(#"{"at":"2026-11-23T08:00:25Z","lane":"C1","type":"code","text":"VNACCS|TK-2026-000123"}"#)
        guard case .code(let read) = code else { Issue.record("\(code)"); return }
        #expect(read.text == "VNACCS|TK-2026-000123" && reader == "qr-1")
        let (face, terminal) = try Self.observation(#"{"at":"2026-11-23T09:00:02Z","lane":"P1","type":"face","subject":"S-1","score":0.91,"live":true}"#)
        guard case .face(let match) = face else { Issue.record("\(face)"); return }
        #expect(match.passed && match.score == 0.91 && match.subject == "S-1" && match.live == true && terminal == "face-1")
        // As a real terminal reports it: a verdict, no score, no liveness flag.
        let (verdict, _) = try Self.observation(#"{"at":"2026-11-23T09:00:02Z","lane":"P1","type":"face","subject":"S-1"}"#)
        guard case .face(let terminalMatch) = verdict else { Issue.record("\(verdict)"); return }
        #expect(terminalMatch.passed && terminalMatch.score == nil && terminalMatch.live == nil)
        let (finger, _) = try Self.observation(#"{"at":"2026-11-23T09:00:03Z","lane":"P1","type":"fingerprint","subject":"S-1","matched":false}"#)
        guard case .fingerprint(let print) = finger else { Issue.record("\(finger)"); return }
        #expect(!print.passed && print.subject == "S-1")
    }

    @Test("a TD3 zone is parsed and verified as the MRZ reader driver does; expiry is judged on the event's day")
    func document() throws {
        let line = #"""
            {"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":["P<CHNWANG<<LEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<","E987654324CHN9007208F2501017<<<<<<<<<<<<\#
            <<<4"]}
            """#
        let (observation, device) = try Self.observation(line)
        guard case .document(let read) = observation else { Issue.record("\(observation)"); return }
        #expect(read.format == "TD3" && read.number == "E98765432" && read.issuer == "CHN" && read.expiryDate == "2025-01-01")
        #expect(read.failedChecks.isEmpty && read.expired && device == "mrz-1")
        #expect(read.surname == "WANG" && read.givenNames == "LEI" && read.birthDate == "1990-07-20")

        let earlier = line.replacingOccurrences(of: "2026-11-23T09:00:00Z", with: "2024-12-31T09:00:00Z")
        guard case .document(let valid) = try Self.observation(earlier).0 else { return }
        #expect(!valid.expired, "on 2024-12-31 the passport expiring 2025-01-01 is still valid")
    }

    @Test("a chip line carries DG1's zone, parsed as the MRZ reader's, and what passive and chip authentication came to")
    func chip() throws {
        let line = #"""
            {"at":"2026-11-23T09:00:00Z","lane":"P1","type":"chip","access":"PACE","passive":"failed","genuine":"passed","method":"CA",\#
            "mrz":["P<CHNWANG<<LEI<<<<<<<<<<<<<<<<<<<<<<<<<<<<<<","E987654324CHN9007208F2501017<<<<<<<<<<<<<<<4"]}
            """#
        guard case .chip(let read) = try Self.observation(line).0 else { Issue.record(Comment(rawValue: line)); return }
        #expect(read.read && read.access == "PACE" && read.document?.number == "E98765432" && read.dataGroups == [1])
        #expect(read.passiveAuthentication.outcome == .failed && read.chipAuthentication.outcome == .passed && read.chipAuthentication.method == "CA")

        let unread = #"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"chip","read":false,"failure":"access denied"}"#
        guard case .chip(let denied) = try Self.observation(unread).0 else { Issue.record(Comment(rawValue: unread)); return }
        #expect(!denied.read && denied.failure == "access denied" && denied.document == nil && denied.passiveAuthentication.outcome == .notChecked)

        let noProof = #"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"chip","passive":"maybe"}"#
        #expect(throws: ReplayLineError.self) { try Self.parse(noProof) }
    }

    @Test("a TD1 card zone with a corrupted check digit is read, its failed check named for the document.mrz rule")
    func td1WithBadCheckDigit() throws {
        let zone = ["I<UTOD231458907<<<<<<<<<<<<<<<", "7408122F1204159UTO<<<<<<<<<<<6", "ERIKSSON<<ANNA<MARIA<<<<<<<<<<"]
        let corrupted = [zone[0].replacingOccurrences(of: "D231458907", with: "D231458908"), zone[1], zone[2]]
        let line = #"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":["\#(corrupted.joined(separator: "\",\""))"]}"#
        guard case .document(let read) = try Self.observation(line).0 else { Issue.record(Comment(rawValue: line)); return }
        #expect(read.format == "TD1" && read.failedChecks.contains("number") && read.expired)
    }

    @Test("clock lines: for every lane unless one is named, at the replay clock unless timed; faults and recoveries")
    func boardEvents() throws {
        let clock = try Self.parse(#"{"type":"clock","synced":false}"#)
        #expect(clock.at == nil && clock.lanes == ["C1", "C2", "P1"])
        guard case .input(.clock(synced: false)) = clock.action else { Issue.record("\(clock.action)"); return }
        let laneClock = try Self.parse(#"{"at":"2026-11-23T08:00:00Z","lane":"C2","type":"clock","synced":true}"#)
        #expect(laneClock.lanes == ["C2"] && laneClock.at != nil)
        let fault = try Self.parse(#"{"at":"2026-11-23T08:00:05Z","lane":"C1","type":"fault","device":"scale-1","reason":"port gone"}"#)
        guard case .input(.fault(device: "scale-1", reason: "port gone")) = fault.action else { Issue.record("\(fault.action)"); return }
        let recovered = try Self.parse(#"{"at":"2026-11-23T08:00:35Z","lane":"C1","type":"recovered","device":"scale-1"}"#)
        guard case .input(.recovered(device: "scale-1")) = recovered.action else { Issue.record("\(recovered.action)"); return }
    }

    @Test("an officer's override line")
    func override() throws {
        let event = try Self.parse(#"""
            {"at":"2026-11-23T08:02:00Z","lane":"C1","type":"override","crossing":"C1-20261123-080000","decision":"CLEAR","officer":"VN-4711","reason":"papers \#
            checked"}
            """#)
        guard case .override(let crossing, let decision, let officer, let reason) = event.action else { Issue.record("\(event.action)"); return }
        #expect(crossing == "C1-20261123-080000" && decision == .clear && officer == "VN-4711" && reason == "papers checked")
    }

    @Test("times: RFC 3339 UTC with any fraction, truncated to the millisecond", arguments: [
        ("2026-11-23T08:00:00.000Z", "2026-11-23T08:00:00.000Z"), ("2026-11-23T08:00:00Z", "2026-11-23T08:00:00.000Z"),
        ("2026-11-23T08:00:00.5Z", "2026-11-23T08:00:00.500Z"), ("2026-11-23T08:00:00.123456789Z", "2026-11-23T08:00:00.123Z"),
        ("2026-11-23t08:00:00.250z", "2026-11-23T08:00:00.250Z"), ("2026-11-23T08:00:00+00:00", "2026-11-23T08:00:00.000Z"),
    ])
    func times(text: String, expected: String) {
        #expect(ReplayTime.parse(text) == Timestamp(rfc3339: expected))
    }

    @Test("not times: local offsets, no zone, impossible dates, other layouts",
          arguments: ["2026-11-23T15:00:00+07:00", "2026-11-23T08:00:00", "2026-02-30T08:00:00Z", "2026-11-23 08:00:00Z",
                      "2026-11-23T08:00:00.Z", "23/11/2026 08:00:00", "", "2026-11-23T24:00:00Z"])
    func notTimes(text: String) {
        #expect(ReplayTime.parse(text) == nil)
    }

    @Test("each bad line is reported with its number and what is wrong", arguments: [
        ("not json at all", "not JSON"),
        (#"[1,2]"#, "expected one JSON object per line, found an array"),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"teleport"}"#, #"unknown type "teleport"; expected one of presence, plate"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1"}"#, #""type" is missing"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C9","type":"scan","verdict":"clear"}"#, #"unknown lane "C9" (configured: C1, C2, P1)"#),
        (#"{"lane":"C1","type":"scan","verdict":"clear"}"#, #""at" is missing"#),
        (#"{"at":"yesterday","lane":"C1","type":"scan","verdict":"clear"}"#, #""at" is "yesterday"; expected an RFC 3339 UTC time"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"weight","stable":true}"#, #""weightKg" is missing; expected a weight in kilograms"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"weight","weightKg":"24t","stable":true}"#, #""weightKg" must be a weight in kilograms, found "24t""#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"weight","weightKg":24000,"stable":"yes"}"#, #""stable" must be true or false"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"weight","weightKg":24000,"stable":true,"unit":"kg"}"#, #"unknown field "unit" for type "weight""#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"plate","plate":"29C12345","confidence":94}"#, #""confidence" is 94; expected a confidence from 0 to 1"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"presence","loop":"middle","occupied":true}"#, #""loop" is "middle"; expected one of "entry", "exit", "passage""#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"scan","verdict":"ok"}"#, #""verdict" is "ok"; expected one of "clear", "suspect", "inconclusive""#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"fault","device":"scale-2","reason":"gone"}"#, #"device "scale-2" does not feed lane C1"#),
        (#"{"at":"2026-11-23T08:00:00Z","lane":"C1","type":"override","crossing":"C1-x","decision":"REFER","officer":"o","reason":"r"}"#,
         #"an officer overrides with "CLEAR" or "HOLD""#),
        (#"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":["P<VNMNGUYEN","C1234567"]}"#,
         #""mrz" has 2 lines of 11, 8 characters; expected a TD3 passport zone (2 lines of 44) or a TD1 card zone (3 lines of 30)"#),
        (#"""
            {"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":["p<vnmnguyen<<van<an<<<<<<<<<<<<<<<<<<<<<<<<<","C1234567<0VNM8503127M3101012<<<<<<<<<<<<\#
            <<<0"]}
            """#, #""mrz" is not a TD3 zone: MRZ: a line of 44 characters with a lower-case letter at column 1"#),
        (#"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":"P<VNM"}"#, #""mrz" must be an array of strings"#),
        (#"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"face","subject":"S","score":1.5}"#, #""score""#),
        (#"{"at":"2026-11-23T09:00:00Z","lane":"P1","type":"face","subject":"S","live":"yes"}"#, #""live""#),
    ])
    func badLine(line: String, message: String) {
        do {
            let event = try Self.parse(line, number: 12)
            Issue.record("accepted: \(event)")
        } catch {
            #expect(error.line == 12)
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    @Test("messages about MRZ never quote the zone: it identifies a person")
    func mrzNotQuoted() {
        let line = #"""
            {"at":"2026-11-23T09:00:00Z","lane":"P1","type":"document","mrz":["P<VNMNGUYEN<<VAN<AN<<<<<<<<<<<<<<<<<<<<<<<<<","C1234567<0VNM8503127M3101012<<<<<<<<<<<<\#
            <<"]}
            """#
        do {
            _ = try Self.parse(line)
            Issue.record("accepted")
        } catch {
            #expect(!error.message.contains("NGUYEN") && !error.message.contains("C1234567"), "\(error.message)")
        }
    }
}
