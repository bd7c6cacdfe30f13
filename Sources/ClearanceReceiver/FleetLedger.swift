import LaneModel

/// Folds a stored batch into its device's summary: pure, so both stores apply it the same way
/// inside their ingest transaction. Everything it keeps is bounded, whatever a board sends: a
/// summary is rewritten on every batch, so it must stay small.
public enum FleetLedger {
    /// Open faults listed per board; more are counted in `untrackedFaults`.
    public static let maximumFaults = 32
    /// Lanes kept per board; records of further lanes are not folded.
    public static let maximumLanes = 32
    /// Decisions listed per lane, newest first.
    public static let recentDecisions = 5
    /// Characters kept of a message, and of a name (lane, code, crossing, plate, device).
    public static let maximumMessage = 240
    public static let maximumName = 64

    /// The summary after `records` (new ones only, in seq order) were stored through `acceptedThrough`.
    public static func fold(_ previous: DeviceSummary?, device: String, records: [IncomingRecord], acceptedThrough: Int,
                            upload: UploadFacts, now: Timestamp) -> DeviceSummary {
        var summary = previous ?? DeviceSummary(device: device, lastUploadAt: now, instance: upload.instance, acceptedThrough: acceptedThrough)
        summary.lastUploadAt = now
        summary.instance = upload.instance
        summary.acceptedThrough = max(summary.acceptedThrough, acceptedThrough)
        if let backlog = upload.backlog { summary.backlog = backlog }
        for incoming in records {
            guard let record = incoming.record else { continue }
            if summary.lastRecordAt.map({ record.time >= $0 }) ?? true {
                summary.lastRecordAt = record.time
                summary.clock = record.clock
            }
            fold(record, into: &summary)
        }
        return summary
    }

    /// What one record changes: a fault raised or cleared, a lane's decision or override.
    static func fold(_ record: Record, into summary: inout DeviceSummary) {
        let body = record.body
        switch RecordKind(rawValue: record.kind) {
        case .deviceFault:
            // Only an outage (it carries a code) is a standing condition, closed by device.connected;
            // unreadable input is an event of one moment and never "clears".
            guard let code = body["code"]?.stringValue else { return }
            raise(FleetFault(kind: record.kind, code: name(code), subject: body["device"]?.stringValue.map(name), since: record.time,
                             message: message(body["error"])), in: &summary)
        case .deviceConnected:
            let subject = body["device"]?.stringValue.map(name)
            summary.openFaults.removeAll { $0.kind == RecordKind.deviceFault.rawValue && $0.subject == subject }
        case .uplinkFault, .journalFault, .evidenceFault, .referenceFault:
            raise(FleetFault(kind: record.kind, code: name(body["code"]?.stringValue ?? ""), subject: nil, since: record.time,
                             message: message(body["message"] ?? body["reason"] ?? faultSummary(record))), in: &summary)
        case .uplinkFaultCleared, .journalFaultCleared, .evidenceFaultCleared:
            let raised = String(record.kind.dropLast(".cleared".count))
            let code = body["code"]?.stringValue.map(name)
            summary.openFaults.removeAll { $0.kind == raised && (code == nil || $0.code == code) }
        case .referenceUpdated:
            // Reference data taken again: whatever copy was refused before no longer matters.
            summary.openFaults.removeAll { $0.kind == RecordKind.referenceFault.rawValue }
        case .crossingDecision:
            guard let decision = body["decision"]?.stringValue.flatMap(Decision.init(rawValue:)) else { return }
            let subject = body["subject"]
            let plate = subject?["plate"]?.stringValue ?? subject?["document"]?.stringValue
            update(lane(of: record), in: &summary) { lane in
                lane.decisions[decision] = plusOne(lane.decisions[decision, default: 0])
                lane.recent.insert(FleetDecision(time: record.time, decision: decision, crossing: body["crossing"]?.stringValue.map(name), plate: plate.map(name)), at: 0)
                if lane.recent.count > recentDecisions { lane.recent.removeLast(lane.recent.count - recentDecisions) }
            }
        case .crossingOverride:
            let decision = body["decision"]?.stringValue.flatMap(Decision.init(rawValue:))
            let crossing = body["crossing"]?.stringValue.map(name)
            update(lane(of: record), in: &summary) { lane in
                lane.overrides = plusOne(lane.overrides)
                if let crossing, let index = lane.recent.firstIndex(where: { $0.crossing == crossing }) { lane.recent[index].overriddenTo = decision }
            }
        case .overrideRefused:
            update(lane(of: record), in: &summary) { lane in
                lane.refusedOverrides = plusOne(lane.refusedOverrides)
            }
        default:
            return
        }
    }

    private static func raise(_ fault: FleetFault, in summary: inout DeviceSummary) {
        if let index = summary.openFaults.firstIndex(where: { $0.isSame(as: fault) }) {
            summary.openFaults[index].lastAt = max(summary.openFaults[index].lastAt, fault.since)
            summary.openFaults[index].message = fault.message
            summary.openFaults[index].repeats = plusOne(summary.openFaults[index].repeats)
        } else if summary.openFaults.count < maximumFaults {
            summary.openFaults.append(fault)
        } else {
            summary.untrackedFaults = plusOne(summary.untrackedFaults)
        }
    }

    /// Applies `change` to the lane named `id`, adding it while there is room; nil (a record of no lane) changes nothing.
    private static func update(_ id: String?, in summary: inout DeviceSummary, _ change: (inout FleetLane) -> Void) {
        guard let id else { return }
        if let index = summary.lanes.firstIndex(where: { $0.lane == id }) {
            change(&summary.lanes[index])
        } else if summary.lanes.count < maximumLanes {
            var lane = FleetLane(lane: id)
            change(&lane)
            let place = summary.lanes.firstIndex { $0.lane > id } ?? summary.lanes.endIndex
            summary.lanes.insert(lane, at: place)
        }
    }

    private static func lane(of record: Record) -> String? {
        (record.lane ?? record.body["lane"]?.stringValue).map(name)
    }

    /// An evidence fault says it in numbers, not words.
    private static func faultSummary(_ record: Record) -> JSONValue? {
        guard let unsent = record.body["unsent"]?.integerValue, let cap = record.body["capBytes"]?.integerValue else { return nil }
        return .string("evidence folder over its cap of \(cap / 1_048_576) MB with \(unsent) files unsent")
    }

    /// Counts stop at Int.max rather than trap.
    private static func plusOne(_ count: Int) -> Int { count == .max ? count : count + 1 }

    static func message(_ value: JSONValue?) -> String { capped(value?.stringValue ?? "", maximumMessage) }
    static func name(_ text: String) -> String { capped(text, maximumName) }

    /// At most `limit` characters, the cut marked with an ellipsis.
    static func capped(_ text: String, _ limit: Int) -> String {
        guard text.utf8.count > limit else { return text }
        var kept = ""
        for character in text {
            guard kept.utf8.count + character.utf8.count <= limit - 3 else { break }
            kept.append(character)
        }
        return kept + "…"
    }
}
