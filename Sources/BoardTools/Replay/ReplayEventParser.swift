import Agent
import CodeReaders
import CrossingCodes
import DeviceKit
import Lanes
import LaneModel
import PlateReaders

/// Turns replay lines (NDJSON, one event per line) into `ReplayEvent`s, with the same reading
/// types the drivers produce: plates normalised as cameras' are, container codes checked
/// (ISO 6346), MRZ parsed and verified (ICAO 9303) as of the event's day.
public struct ReplayEventParser: Sendable {
    /// The `type`s a line may have.
    public static let types = ["presence", "plate", "weight", "container", "scan", "code", "document", "chip", "face", "fingerprint",
                               "fault", "recovered", "clock", "override"]

    private static let common: Set<String> = ["at", "lane", "type"]
    private static let fields: [String: Set<String>] = [
        "presence": ["loop", "occupied"],
        "plate": ["plate", "confidence", "direction", "device"],
        "weight": ["weightKg", "stable", "device"],
        "container": ["code", "confidence", "device"],
        "scan": ["verdict", "scanId", "containers", "device"],
        "code": ["text", "device"],
        "document": ["mrz", "device"],
        "chip": ["mrz", "read", "failure", "access", "passive", "genuine", "method", "device"],
        "face": ["subject", "score", "live", "matched", "device"],
        "fingerprint": ["subject", "matched", "device"],
        "fault": ["device", "reason"],
        "recovered": ["device"],
        "clock": ["synced"],
        "override": ["crossing", "decision", "officer", "reason"],
    ]

    /// The device kinds a reading type comes from, in preference order, to name the lane's
    /// device when the line names none.
    private static let deviceKinds: [String: [DeviceKind]] = [
        "plate": [.plateReader], "weight": [.scale], "container": [.containerOCR], "scan": [.xray], "code": [.codeReader],
        "document": [.documentReader, .codeReader], "chip": [.chipReader], "face": [.faceTerminal], "fingerprint": [.fingerprintTerminal],
    ]

    /// A lane as the parser needs it: its devices with their settings.
    private struct LaneDevices: Sendable {
        var ids: [String]
        var settings: [String: DeviceSettings]
    }

    private let lanes: [String: LaneDevices]
    private let laneOrder: [String]

    /// A parser for the configured `lanes`, whose devices are among `devices`.
    public init(lanes: [LaneSettings], devices: [DeviceSettings]) {
        var byID: [String: LaneDevices] = [:]
        for lane in lanes {
            var settings: [String: DeviceSettings] = [:]
            for device in devices where lane.devices.contains(device.id) { settings[device.id] = device }
            byID[lane.id] = LaneDevices(ids: lane.devices, settings: settings)
        }
        self.lanes = byID
        self.laneOrder = lanes.map(\.id)
    }

    /// The event on `bytes` (one line, without its newline), or what is wrong with it.
    public func parse(_ bytes: some Collection<UInt8>, line: Int) throws(ReplayLineError) -> ReplayEvent {
        let value: JSONValue
        do { value = try JSONParser.parse(bytes) } catch {
            throw ReplayLineError(line: line, "not JSON: \(error)")
        }
        guard case .object(let members) = value else {
            throw ReplayLineError(line: line, "expected one JSON object per line, found \(ReplayFields.describe(value))")
        }
        let fields = ReplayFields(members: members, line: line)
        let type = try fields.string("type")
        guard let own = Self.fields[type] else {
            throw fields.error("unknown type \"\(type)\"; expected one of \(Self.types.joined(separator: ", "))")
        }
        try fields.rejectUnknown(Self.common.union(own), type: type)

        // A clock line may leave out its time (it then takes the replay clock) and its lane (it
        // then applies to every lane): the clock is the board's, not one lane's.
        let isClock = type == "clock"
        var at: Timestamp?
        if !isClock || fields.has("at") {
            let text = try fields.string("at")
            guard let time = ReplayTime.parse(text) else {
                throw fields.error("\"at\" is \(ReplayFields.describe(.string(text))); expected an RFC 3339 UTC time such as 2026-11-23T08:00:00.000Z")
            }
            at = time
        }
        let laneIDs: [String]
        if isClock && !fields.has("lane") {
            laneIDs = laneOrder
        } else {
            let lane = try fields.string("lane")
            guard lanes[lane] != nil else {
                let known = laneOrder.isEmpty ? "none are configured" : "configured: \(laneOrder.joined(separator: ", "))"
                throw fields.error("unknown lane \"\(lane)\" (\(known))")
            }
            laneIDs = [lane]
        }
        let action = try self.action(type, fields, lane: laneIDs.first ?? "", at: at)
        return ReplayEvent(line: line, at: at, lanes: laneIDs, type: type, action: action)
    }

    private func action(_ type: String, _ fields: ReplayFields, lane: String, at: Timestamp?) throws(ReplayLineError) -> ReplayEvent.Action {
        let probability = 0.0...1.0
        switch type {
        case "presence":
            return .input(.presence(try fields.choice("loop", PresenceLoop.self), occupied: try fields.bool("occupied")))
        case "plate":
            let plate = try fields.string("plate")
            let read = PlateNormalizer.read(raw: plate, confidence: try fields.number("confidence", in: probability, meaning: "a confidence from 0 to 1"),
                                            direction: try fields.optionalString("direction"))
            return try reading(.plate(read), type, fields, lane: lane)
        case "weight":
            let device = try device(type, fields, lane: lane)
            let weight = WeightReading(device: device, time: at!, weightKg: try fields.number("weightKg", meaning: "a weight in kilograms"),
                                       stable: try fields.bool("stable"), status: .ok, gross: true)
            return .input(.reading(.weight(weight), device: device, reference: nil))
        case "container":
            let code = try fields.string("code")
            let read = ContainerCode.read(code, confidence: try fields.optionalNumber("confidence", in: probability, meaning: "a confidence from 0 to 1"))
            return try reading(.container(read), type, fields, lane: lane)
        case "scan":
            let verdict = try fields.choice("verdict", ScanResult.Verdict.self)
            let result = ScanResult(scanId: try fields.optionalString("scanId") ?? "line-\(fields.line)", verdict: verdict,
                                    containers: fields.has("containers") ? try fields.strings("containers") : [], operatorName: nil)
            return try reading(.scan(result), type, fields, lane: lane)
        case "code":
            return try reading(.code(CodeRead(text: try fields.string("text"), transport: "replay")), type, fields, lane: lane)
        case "document":
            let device = try device(type, fields, lane: lane)
            let offset = lanes[lane]?.settings[device]?.utcOffsetMinutes ?? 0
            let document = try Self.document(try fields.strings("mrz"), at: at!, utcOffsetMinutes: offset, line: fields.line)
            return .input(.reading(.document(document), device: device, reference: nil))
        case "chip":
            return .input(.reading(.chip(try chip(fields, at: at!, lane: lane)), device: try device(type, fields, lane: lane), reference: nil))
        case "face":
            // Real terminals send a verdict without a score or a liveness flag: both are optional,
            // and the lane's terminal is set up as its [[devices]] entry declares.
            let device = try device(type, fields, lane: lane)
            let match = BiometricMatch(passed: try fields.optionalBool("matched") ?? true,
                                       score: try fields.optionalNumber("score", in: probability, meaning: "a similarity score from 0 to 1"),
                                       subject: try fields.string("subject"), vendorEvent: "replay", live: try fields.optionalBool("live"),
                                       terminal: lanes[lane]?.settings[device]?.terminal.declared)
            return .input(.reading(.face(match), device: device, reference: nil))
        case "fingerprint":
            let match = BiometricMatch(passed: try fields.bool("matched"), score: nil, subject: try fields.string("subject"),
                                       vendorEvent: "replay")
            return try reading(.fingerprint(match), type, fields, lane: lane)
        case "fault":
            return .input(.fault(device: try laneDevice(fields, lane: lane), reason: try fields.string("reason")))
        case "recovered":
            return .input(.recovered(device: try laneDevice(fields, lane: lane)))
        case "clock":
            return .input(.clock(synced: try fields.bool("synced")))
        default: // "override"
            let decision = try fields.choice("decision", Decision.self)
            guard decision != .refer else { throw fields.error("\"decision\" is \"REFER\"; an officer overrides with \"CLEAR\" or \"HOLD\"") }
            return .override(crossing: try fields.string("crossing"), decision: decision, officer: try fields.string("officer"),
                             reason: try fields.string("reason"))
        }
    }

    /// A chip read as the chip reader reports it: `read` (default true), and when read, DG1's
    /// `mrz`, `passive` (passive authentication's outcome) and `genuine` (Active or Chip
    /// Authentication's, default not_offered); when not, the `failure`.
    private func chip(_ fields: ReplayFields, at time: Timestamp, lane: String) throws(ReplayLineError) -> ChipRead {
        let read = try fields.optionalBool("read") ?? true
        guard read else {
            let notChecked = ChipCheck(outcome: .notChecked, method: nil, detail: "replayed: the chip was not read")
            return ChipRead(access: "none", read: false, failure: try fields.optionalString("failure") ?? "replayed: the chip could not be read",
                            dataGroups: [], document: nil, passiveAuthentication: notChecked, chipAuthentication: notChecked)
        }
        var document: DocumentRead?
        if fields.has("mrz") {
            let offset = lanes[lane]?.settings[try device("chip", fields, lane: lane)]?.utcOffsetMinutes ?? 0
            document = try Self.document(try fields.strings("mrz"), at: time, utcOffsetMinutes: offset, line: fields.line)
        }
        let passive = try fields.choice("passive", ChipCheck.Outcome.self)
        let genuine = fields.has("genuine") ? try fields.choice("genuine", ChipCheck.Outcome.self) : .notOffered
        let method = try fields.optionalString("method") ?? (genuine == .notOffered ? nil : "AA")
        return ChipRead(access: try fields.optionalString("access") ?? "BAC", read: true, failure: nil,
                        dataGroups: document == nil ? [] : [1], document: document,
                        passiveAuthentication: ChipCheck(outcome: passive, method: "PA", detail: "replayed: passive authentication \(passive.rawValue)"),
                        chipAuthentication: ChipCheck(outcome: genuine, method: method, detail: "replayed: chip authentication \(genuine.rawValue)"))
    }

    private func reading(_ observation: LaneObservation, _ type: String, _ fields: ReplayFields, lane: String) throws(ReplayLineError) -> ReplayEvent.Action {
        .input(.reading(observation, device: try device(type, fields, lane: lane), reference: nil))
    }

    /// The line's `device`, or the lane's first device of the kind that sends this reading
    /// (the type's name when the lane has none).
    private func device(_ type: String, _ fields: ReplayFields, lane: String) throws(ReplayLineError) -> String {
        if fields.has("device") { return try laneDevice(fields, lane: lane) }
        guard let devices = lanes[lane] else { return type }
        for kind in Self.deviceKinds[type] ?? [] {
            if let id = devices.ids.first(where: { devices.settings[$0]?.kind == kind }) { return id }
        }
        return type
    }

    /// The line's `device`, which must be one of the lane's.
    private func laneDevice(_ fields: ReplayFields, lane: String) throws(ReplayLineError) -> String {
        let device = try fields.string("device")
        if let devices = lanes[lane], !devices.ids.contains(device) {
            throw fields.error("device \"\(device)\" does not feed lane \(lane) (its devices: \(devices.ids.joined(separator: ", ")))")
        }
        return device
    }

    /// The document in `lines` (TD1 3 × 30 or TD3 2 × 44), parsed by the `serial-mrz` driver's
    /// decoder and read as of `time`. Check digits that fail are the `document.mrz` rule's to
    /// judge; a zone that is not MRZ at all is a bad line. Messages never quote the lines.
    static func document(_ lines: [String], at time: Timestamp, utcOffsetMinutes: Int, line: Int) throws(ReplayLineError) -> DocumentRead {
        let lengths = lines.map(\.utf8.count)
        let format = MRZFormat.allCases.first { format in
            lines.count == format.lineCount && lengths.allSatisfy { $0 == format.lineLength }
        }
        guard let format else {
            let found = lines.isEmpty ? "no lines" : "\(lines.count) line\(lines.count == 1 ? "" : "s") of \(lengths.map(String.init).joined(separator: ", ")) characters"
            throw ReplayLineError(line: line, "\"mrz\" has \(found); expected a TD3 passport zone (2 lines of 44) or a TD1 card zone (3 lines of 30)")
        }
        var decoder = MRZDecoder()
        decoder.append(Array(lines.joined(separator: "\n").utf8) + [0x0A])
        switch decoder.next() {
        case .frame(let document, _)?:
            return document.read(at: time, utcOffsetMinutes: utcOffsetMinutes)
        case .error(let problem)?:
            throw ReplayLineError(line: line, "\"mrz\" is not a \(format.rawValue) zone: \(problem.reason)")
        case nil:
            throw ReplayLineError(line: line, "\"mrz\" is not a complete \(format.rawValue) zone")
        }
    }
}
