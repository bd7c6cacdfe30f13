import Foundation

/// One journal record, as `docs/architecture.md` ("Records") defines it. Its canonical bytes are what is signed,
/// stored and sent.
public struct Record: Sendable, Hashable {
    /// The record format version this code writes and reads.
    public static let formatVersion = 1
    /// `prev` of the first record of a device.
    public static let genesisPrev = String(repeating: "0", count: 64)

    public var id: String
    public var device: String
    public var site: String
    /// The lane the record belongs to, `nil` for agent-wide records (start, stop, faults).
    public var lane: String?
    public var seq: Int
    /// Hex SHA-256 of the previous record's payload bytes.
    public var prev: String
    public var time: Timestamp
    public var clock: ClockSync
    public var kind: String
    public var body: JSONValue

    public init(
        id: String, device: String, site: String, lane: String?, seq: Int, prev: String,
        time: Timestamp, clock: ClockSync, kind: String, body: JSONValue
    ) {
        self.id = id
        self.device = device
        self.site = site
        self.lane = lane
        self.seq = seq
        self.prev = prev
        self.time = time
        self.clock = clock
        self.kind = kind
        self.body = body
    }

    /// The canonical (RFC 8785) bytes of this record: the DSSE payload.
    public func canonicalBytes() -> [UInt8] {
        canonicalBytes(encodedBody: CanonicalJSON.encode(body))
    }

    /// The canonical bytes, given `CanonicalJSON.encode(body)` already made: producers encode
    /// bodies in parallel, so the journal's single writer only adds the header fields.
    public func canonicalBytes(encodedBody: [UInt8]) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(encodedBody.count + 320)
        // Members written in JCS order directly, so only the body needs sorting.
        func key(_ name: StaticString) {
            output.append(UInt8(ascii: "\""))
            name.withUTF8Buffer { output.append(contentsOf: $0) }
            output.append(contentsOf: [UInt8(ascii: "\""), UInt8(ascii: ":")])
        }
        output.append(UInt8(ascii: "{"))
        key("body"); output.append(contentsOf: encodedBody)
        output.append(UInt8(ascii: ",")); key("clock"); CanonicalJSON.writeString(clock.rawValue, into: &output)
        output.append(UInt8(ascii: ",")); key("device"); CanonicalJSON.writeString(device, into: &output)
        output.append(UInt8(ascii: ",")); key("id"); CanonicalJSON.writeString(id, into: &output)
        output.append(UInt8(ascii: ",")); key("kind"); CanonicalJSON.writeString(kind, into: &output)
        output.append(UInt8(ascii: ",")); key("lane")
        if let lane { CanonicalJSON.writeString(lane, into: &output) } else { CanonicalJSON.write(.null, into: &output) }
        output.append(UInt8(ascii: ",")); key("prev"); CanonicalJSON.writeString(prev, into: &output)
        output.append(UInt8(ascii: ",")); key("seq"); CanonicalJSON.writeNumber(Double(seq), into: &output)
        output.append(UInt8(ascii: ",")); key("site"); CanonicalJSON.writeString(site, into: &output)
        output.append(UInt8(ascii: ",")); key("time"); CanonicalJSON.writeString(time.rfc3339, into: &output)
        output.append(UInt8(ascii: ",")); key("v"); CanonicalJSON.writeNumber(Double(Self.formatVersion), into: &output)
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// The record as a JSON value (for callers that inspect or re-encode it).
    public var jsonValue: JSONValue {
        .object([
            "v": .number(Double(Self.formatVersion)), "id": .string(id), "device": .string(device),
            "site": .string(site), "lane": lane.map(JSONValue.string) ?? .null, "seq": .number(Double(seq)),
            "prev": .string(prev), "time": .string(time.rfc3339), "clock": .string(clock.rawValue),
            "kind": .string(kind), "body": body,
        ])
    }

    /// Every member a record payload may have (built once: parsing runs for every received record).
    private static let fieldNames: Set<String> = ["v", "id", "device", "site", "lane", "seq", "prev", "time", "clock", "kind", "body"]

    /// Reads a record from parsed payload JSON, naming the first field that is missing or wrong.
    public init(parsing value: JSONValue) throws(RecordFormatError) {
        guard let members = value.objectValue else { throw RecordFormatError("payload is not a JSON object") }
        if let extra = members.keys.first(where: { !Self.fieldNames.contains($0) }) {
            throw RecordFormatError("unexpected field \"\(extra)\"")
        }
        func string(_ name: String) throws(RecordFormatError) -> String {
            guard let text = members[name]?.stringValue else { throw RecordFormatError("field \"\(name)\" missing or not a string") }
            return text
        }
        guard members["v"]?.integerValue == Self.formatVersion else {
            throw RecordFormatError("field \"v\" must be \(Self.formatVersion)")
        }
        guard let seq = members["seq"]?.integerValue, seq >= 1 else {
            throw RecordFormatError("field \"seq\" missing or not a positive integer")
        }
        let prev = try string("prev")
        guard prev.utf8.count == 64, prev.utf8.allSatisfy({ Hex.isLowercaseDigit($0) }) else {
            throw RecordFormatError("field \"prev\" is not 64 lowercase hex digits")
        }
        let timeText = try string("time")
        guard let time = Timestamp(rfc3339: timeText) else {
            throw RecordFormatError("field \"time\" is not RFC 3339 UTC with milliseconds: \(timeText)")
        }
        guard let clock = ClockSync(rawValue: try string("clock")) else {
            throw RecordFormatError("field \"clock\" must be \"synced\" or \"unsynced\"")
        }
        let lane: String?
        switch members["lane"] {
        case .string(let name): lane = name
        case .null, nil: lane = nil
        default: throw RecordFormatError("field \"lane\" must be a string or null")
        }
        guard let body = members["body"], body.objectValue != nil else {
            throw RecordFormatError("field \"body\" missing or not an object")
        }
        self.init(
            id: try string("id"), device: try string("device"), site: try string("site"), lane: lane,
            seq: seq, prev: prev, time: time, clock: clock, kind: try string("kind"), body: body)
    }
}

/// A payload that parses as JSON but is not a valid record.
public struct RecordFormatError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
