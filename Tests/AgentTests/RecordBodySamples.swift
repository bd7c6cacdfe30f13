import Agent
import BoardTools
import Journal
import LaneIO
import LaneModel
import Lanes
import Records
import Rules
import Uplink

/// A sample of every record body type the code declares, with every optional member both
/// present and absent somewhere, and each kind's shapes (cargo and people decisions, an
/// actuation done and failed, both device faults): what `RecordBodyTests` checks against the
/// contract. A new body type needs its samples here (the test finds the type in Sources).
enum RecordBodySamples {
    static let hash = String(repeating: "ab", count: 32)
    static let time = Timestamp(millisecondsSinceEpoch: 1_780_000_000_123)

    static let all: [any RecordBody] = [
        AgentStartedBody(version: "1.4.0", configSHA256: hash),
        AgentStoppedBody(),
        BenchReadingBody(producer: 2, index: 17),
        decision(.cargo, subject: ["plate": "15C12345", "weightKg": 31_240, "containers": ["MSKU1234565"]], referenceVersion: 3),
        decision(.people, subject: ["document": "C1234567", "nationality": "VNM", "subject": nil], referenceVersion: nil),
        CrossingOverride(crossing: "C1-20260101-080000", lane: "C1", decision: .clear, previous: .refer, officer: "VN-0042", reason: "papers checked by hand",
                         at: time, authenticated: "pin"),
        CrossingOverride(crossing: "C1-20260101-080000", lane: "C1", decision: .hold, previous: .clear, officer: "VN-0042", reason: "replayed", at: time),
        DeviceConnectedBody(health: health(line: "9600 8N1")),
        DeviceOutageBody(health: health(line: nil), code: "LA-SERIAL-005", error: "LA-SERIAL-005: /dev/ttyUSB0 is gone"),
        DeviceInputFaultBody(device: "anpr-1", kind: "plate-reader", driver: "hikvision-anpr", reason: "not an ANPR event", suppressed: 3,
                             excerpt: "not an ANPR", inputSHA256: hash),
        DeviceInputFaultBody(device: "mrz-1", kind: "document-reader", driver: "serial-mrz", reason: "bad check digit", suppressed: 0, excerpt: nil,
                             inputSHA256: nil),
        EvidenceFaultBody(cleared: false, files: 12, bytes: 1_400_000, unsent: 12, capBytes: 1_048_576),
        EvidenceFaultBody(cleared: true, files: 2, bytes: 400_000, unsent: 0, capBytes: 1_048_576),
        JournalFault.lowDiskSpace(freeBytes: 40 * 1_048_576, minimumBytes: 512 * 1_048_576),
        JournalFaultClearedBody(code: "LA-JOURNAL-LOWDISK", freeBytes: 900 * 1_048_576),
        LaneActuationBody(lane: "C1", action: Actuation.barrierOpen.rawValue, crossing: "C1-20260101-080000",
                          outcome: .written([LineWrite(line: "C1_BARRIER", value: true, time: time)])),
        LaneActuationBody(lane: "C1", action: LaneActuationBody.safeState, crossing: nil, outcome: .written([LineWrite(line: "C1_RED", value: false, time: time)])),
        LaneActuationBody(lane: "C1", action: Actuation.lightsGreen.rawValue, crossing: "C1-20260101-080000",
                          outcome: .failed(error: "LA-GPIO-004: write failed", code: "LA-GPIO-004")),
        OverrideRefusedBody(lane: "P1", crossing: "P1-20260101-000000", decision: .clear, officer: "VN-0042", reason: "wrong-pin", method: "pin", at: time,
                            failures: 2),
        OverrideRefusedBody(lane: "P1", crossing: "P1-20260101-000000", decision: .hold, officer: "VN-9999", reason: "no-credential", method: nil, at: time,
                            failures: nil),
        OverrideLockoutBody(lane: "P1", failures: 5, until: time, officer: "VN-0042"),
        OverrideLockoutBody(lane: "P1", failures: 10, until: time, officer: nil),
        reading(.plate(PlateRead(raw: "15C-123.45", normalized: "15C12345", country: "VN", confidence: 0.97, direction: "approach", colour: "yellow"))),
        reading(.plate(PlateRead(raw: "??", normalized: "", country: nil, confidence: nil, direction: nil))),
        reading(.code(CodeRead(text: "VN-HN-2026-0001234", transport: "hid"))),
        reading(.document(document)),
        reading(.chip(ChipRead(access: "BAC", read: true, failure: nil, dataGroups: [1, 2, 14, 15], document: document,
                               passiveAuthentication: ChipCheck(outcome: .passed, method: "PA", detail: "signed by DS 1 under CSCA VN"),
                               chipAuthentication: ChipCheck(outcome: .failed, method: "AA", detail: "the answer does not verify")))),
        reading(.chip(ChipRead(access: "none", read: false, failure: "access denied: the MRZ key does not open this chip", dataGroups: [], document: nil,
                               passiveAuthentication: ChipCheck(outcome: .notChecked, method: nil, detail: "not read"),
                               chipAuthentication: ChipCheck(outcome: .notOffered, method: nil, detail: "no DG14, no DG15")))),
        reading(.container(ContainerRead(raw: "MSKU 123456 5", code: "MSKU1234565", valid: true, problem: nil, confidence: 0.9))),
        reading(.scan(ScanResult(scanId: "S-1", verdict: .suspect, containers: ["MSKU1234565"], operatorName: nil))),
        reading(.face(BiometricMatch(passed: true, score: 0.91, subject: "VN-1", vendorEvent: "75", live: true,
                                     terminal: TerminalSettings(matchThreshold: 85, livenessCheck: true)))),
        reading(.fingerprint(BiometricMatch(passed: false, score: nil, subject: nil, vendorEvent: "fp"))),
        // Over the per-field limits: the body says what it cut.
        reading(.code(CodeRead(text: String(repeating: "x", count: 3000), transport: "serial"))),
        WeightReading(device: "scale-1", time: time, weightKg: 31_240, stable: true, status: .ok, gross: true),
        WeightReading(device: "scale-1", time: time, weightKg: nil, stable: false, status: .overload, gross: nil),
        OversizedRecordBody(kind: RecordKind.readingScan.rawValue, bytes: 70_000, sha256: hash),
        WithheldRecordBody(kind: RecordKind.crossingDecision.rawValue, sha256: hash, envelopeBytes: 99_000, reason: "413 too-large"),
        ReferenceUpdatedBody(version: 7, issuedAt: time, source: "https://central.example/v1/reference", sha256: hash),
        ReferenceFaultBody(reason: "bad-signature", message: "signed by an unknown key", source: "/var/lib/laneagent/reference.dsse.json"),
        UplinkFault(code: "uplink.rejected", status: 403, error: "unknown-device", seq: 41, message: "the receiver does not know this board", at: time),
        UplinkFault(code: "uplink.withheld", status: 413, error: "too-large", seq: 42, message: "record 42 alone is over the receiver's limit", at: time),
        UplinkFaultClearedBody(code: "uplink.rejected", seq: 41),
        receipt,
    ]

    static let document = DocumentRead(
        format: "TD3", documentCode: "P", issuer: "VNM", number: "C1234567", nationality: "VNM", birthDate: "1990-01-31", sex: "F",
        expiryDate: "2031-01-01", surname: "NGUYEN", givenNames: "THI AN", failedChecks: ["composite"], expired: false)

    /// A receipt as central's `200` carries it (the signature is not checked here).
    static let receipt = try! BatchReceipt(json: [
        "device": "RS-1", "acceptedThrough": 41, "sha256": .string(hash), "time": .string(time.rfc3339), "instance": "central-a",
        "keyid": .string(hash), "sig": .string(String(repeating: "A", count: 86) + "=="),
    ])

    static func decision(_ kind: LaneKind, subject: JSONValue, referenceVersion: Int?) -> CrossingDecision {
        CrossingDecision(
            crossing: "C1-20260101-080000", lane: "C1", kind: kind, decision: .refer,
            reasons: [RuleResult(rule: .plateRead, outcome: .pass, detail: "read 15C12345"), RuleResult(rule: .weightDeclared, outcome: .missing, detail: "no weight")],
            rulePack: ["name": "default", "version": "3", "sha256": .string(hash)], referenceVersion: referenceVersion, referenceAgeSeconds: referenceVersion.map { _ in 60 },
            readings: [ReadingReference(seq: 12, sha256: hash, kind: RecordKind.readingPlate.rawValue)], subject: subject,
            startedAt: time, lastEvidenceAt: time, decidedAt: time)
    }

    static func health(line: String?) -> DeviceHealthMembers {
        DeviceHealthMembers(device: "scale-1", kind: "scale", driver: "yaohua-xk3190", port: "/dev/ttyUSB0", line: line, reconnects: 2, frameErrors: 1)
    }

    static func reading(_ detail: ReadingDetail) -> ReadingRecordBody {
        let evidence = detail.isPersonal
            ? [EvidenceReference(sha256: hash, size: 2048, mediaType: "application/hpke", role: "face", sealed: true)]
            : [EvidenceReference(sha256: hash, size: 600_000, mediaType: "image/jpeg", role: "plate", sealed: false)]
        return ReadingRecordBody(reading: Reading(device: "dev-1", time: time, detail: detail), driver: "test-driver", evidence: evidence)
    }
}
