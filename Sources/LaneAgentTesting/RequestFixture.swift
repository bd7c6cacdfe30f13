import DeviceKit
import Foundation
import LaneModel

/// One line of a network driver's `Fixtures/requests.jsonl`: a recorded-shape request (a raw
/// `.http` file, or an inline body) and what the driver must make of it. Every family reads the
/// same fields; a family's fixtures leave out those its tests do not check.
public struct RequestFixture: Sendable, CustomStringConvertible {
    /// The driver's name (`DriverDescription.name`).
    public let driver: String
    public let name: String
    public let request: DeviceRequest
    /// Each reading as `json(_:kindAndPersonal:)` writes it.
    public let readings: [JSONValue]
    /// The outcome's note, or a substring of it, as the family's test compares it.
    public let note: String?
    /// A substring the rejection's reason must contain; nil when the request must be accepted.
    public let rejection: String?
    /// True when the rejection must quote the input (`"excerpt": true`).
    public let excerpt: Bool
    /// The reply body the device must get, when the fixture says (`reply`, or a file in `replyFile`).
    public let reply: [UInt8]?
    /// Strings in the input that identify a person (names, PINs of malformed lines): they must
    /// appear in no reading, note or rejection.
    public let personal: [String]
    /// The driver's options: `utcOffsetMinutes` when the line gives it, the defaults otherwise.
    public let options: EventDriverOptions

    /// `driver: name`, which names each case of a test run over the fixtures.
    public var description: String { "\(driver): \(name)" }

    /// Every fixture of the driver named `driver`, whose folder is `drivers/<folder>`
    /// (`DriverDescription.folder`); inline requests go to `devicePath`. None when it has no
    /// `Fixtures/requests.jsonl`.
    public static func load(driver: String, folder: String, devicePath: String) -> [RequestFixture] {
        let fixtures = "\(DriverFolder.path(folder))/Fixtures"
        return RecordedRequest.load(fixtures: fixtures, devicePath: devicePath).map { recorded in
            var reply = recorded.line["reply"]?.stringValue.map { Array($0.utf8) }
            if let file = recorded.line["replyFile"]?.stringValue { reply = RecordedRequest.contents(fixtures, file) }
            let options = recorded.line["utcOffsetMinutes"]?.integerValue.map { EventDriverOptions(utcOffsetMinutes: $0) } ?? EventDriverOptions()
            return RequestFixture(driver: driver, name: recorded.name, request: recorded.request, readings: recorded.readings,
                                  note: recorded.note, rejection: recorded.rejection, excerpt: recorded.line["excerpt"] == .bool(true),
                                  reply: reply, personal: recorded.line["personal"]?.arrayValue?.compactMap(\.stringValue) ?? [],
                                  options: options)
        }
    }

    /// A reading as the fixtures write it: `Reading.jsonValue` plus `kind`, and its evidence as
    /// `[{role, mediaType, size, personal}]`. Plate fixtures leave out `kind` and `personal`
    /// (every plate reading is a plate, and their test checks apart that no picture is personal):
    /// `kindAndPersonal: false` writes their shape.
    public static func json(_ reading: Reading, kindAndPersonal: Bool = true) -> JSONValue {
        guard case .object(var members) = reading.jsonValue else { return reading.jsonValue }
        if kindAndPersonal { members["kind"] = .string(reading.kind.rawValue) }
        members["evidence"] = .array(reading.evidence.map { item in
            var evidence: [String: JSONValue] = ["role": .string(item.role), "mediaType": .string(item.mediaType), "size": .number(Double(item.bytes.count))]
            if kindAndPersonal { evidence["personal"] = .bool(item.personal) }
            return .object(evidence)
        })
        return .object(members)
    }
}
