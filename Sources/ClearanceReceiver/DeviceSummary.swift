import LaneModel

/// What the operations centre sees of one board (`GET /v1/fleet`), folded from its records as
/// they are stored and kept beside them in the same transaction.
public struct DeviceSummary: Sendable, Equatable {
    public var device: String
    /// When the receiver last stored a batch of it, and which instance did.
    public var lastUploadAt: Timestamp
    public var instance: String
    /// Every record through this seq is held.
    public var acceptedThrough: Int
    /// Records the board had left to send after its last batch, as it reported; nil when it did not say.
    public var backlog: Int?
    /// The newest record's time and whether the board's clock was synchronised when it wrote it.
    public var lastRecordAt: Timestamp?
    public var clock: ClockSync?
    /// Faults raised and not cleared, oldest first (at most `FleetLedger.maximumFaults`).
    public var openFaults: [FleetFault] = []
    /// Faults raised while `openFaults` was full: not listed, and they may have cleared since.
    public var untrackedFaults = 0
    /// Every lane the board's records named, by lane id (at most `FleetLedger.maximumLanes`).
    public var lanes: [FleetLane] = []

    public init(device: String, lastUploadAt: Timestamp, instance: String, acceptedThrough: Int) {
        self.device = device
        self.lastUploadAt = lastUploadAt
        self.instance = instance
        self.acceptedThrough = acceptedThrough
    }

    /// The summary as the fleet JSON and the stores carry it.
    public var jsonValue: JSONValue {
        var object: [String: JSONValue] = [
            "device": .string(device), "lastUploadAt": .string(lastUploadAt.rfc3339), "instance": .string(instance),
            "acceptedThrough": .number(Double(acceptedThrough)),
        ]
        if let backlog { object["backlog"] = .number(Double(backlog)) }
        if let lastRecordAt { object["lastRecordAt"] = .string(lastRecordAt.rfc3339) }
        if let clock { object["clock"] = .string(clock.rawValue) }
        object["openFaults"] = .array(openFaults.map(\.jsonValue))
        if untrackedFaults > 0 { object["untrackedFaults"] = .number(Double(untrackedFaults)) }
        object["lanes"] = .array(lanes.map(\.jsonValue))
        return .object(object)
    }

    /// Reads what `jsonValue` wrote; nil when it is not a summary (a store written by a newer receiver is read as far as it can be,
    /// and one written before faults and lanes were folded has none).
    public init?(json: JSONValue) {
        guard case .string(let device)? = json["device"], case .string(let uploaded)? = json["lastUploadAt"],
              let lastUploadAt = Timestamp(rfc3339: uploaded), case .string(let instance)? = json["instance"],
              let through = json["acceptedThrough"]?.integerValue
        else { return nil }
        self.init(device: device, lastUploadAt: lastUploadAt, instance: instance, acceptedThrough: through)
        backlog = json["backlog"]?.integerValue
        if case .string(let text)? = json["lastRecordAt"] { lastRecordAt = Timestamp(rfc3339: text) }
        if case .string(let text)? = json["clock"] { clock = ClockSync(rawValue: text) }
        openFaults = (json["openFaults"]?.arrayValue ?? []).compactMap(FleetFault.init(json:))
        untrackedFaults = max(0, json["untrackedFaults"]?.integerValue ?? 0)
        lanes = (json["lanes"]?.arrayValue ?? []).compactMap(FleetLane.init(json:))
    }
}
