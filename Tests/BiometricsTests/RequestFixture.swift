import Biometrics
import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import Testing

/// One line of a driver's `Fixtures/requests.jsonl`: a recorded-shape request (a raw `.http`
/// file, or an inline body) and what the driver must make of it.
struct RequestFixture: Sendable, CustomTestStringConvertible {
    let driver: String
    let name: String
    let request: DeviceRequest
    /// Each reading as `Reading.jsonValue` plus `kind` and `evidence: [{role, mediaType, size, personal}]`.
    let readings: [JSONValue]
    /// A substring the outcome's note must contain.
    let note: String?
    /// A substring the rejection's reason must contain; nil when the request must be accepted.
    let rejection: String?
    /// The reply body the device must get, when the fixture says.
    let reply: [UInt8]?
    /// Strings in the input that identify a person (names, PINs of malformed lines): they must
    /// appear in no reading, note or rejection.
    let personal: [String]
    /// `utc_offset_minutes` for the driver, when not the default.
    let options: EventDriverOptions

    var testDescription: String { "\(driver): \(name)" }

    /// Where the family's driver folders are, from this file's place in the repository.
    static let familyFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers/Biometrics").standardized.path

    static func fixtures(of driver: DriverDescription) -> String { "\(familyFolder)/../\(driver.folder)/Fixtures" }

    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        let fixtures = fixtures(of: driver)
        return RecordedRequest.load(fixtures: fixtures, devicePath: "/devices/face-1/events").map { recorded in
            var reply = recorded.line["reply"]?.stringValue.map { Array($0.utf8) }
            if let file = recorded.line["replyFile"]?.stringValue { reply = RecordedRequest.contents(fixtures, file) }
            let personal = recorded.line["personal"]?.arrayValue?.compactMap(\.stringValue) ?? []
            let offset = recorded.line["utcOffsetMinutes"]?.integerValue ?? 420
            return RequestFixture(driver: driver.name, name: recorded.name, request: recorded.request, readings: recorded.readings,
                                  note: recorded.note, rejection: recorded.rejection, reply: reply,
                                  personal: personal, options: EventDriverOptions(utcOffsetMinutes: offset))
        }
    }

    /// A reading as the fixtures write it.
    static func json(_ reading: Reading) -> JSONValue {
        guard case .object(var members) = reading.jsonValue else { return reading.jsonValue }
        members["kind"] = .string(reading.kind.rawValue)
        members["evidence"] = .array(reading.evidence.map {
            ["role": .string($0.role), "mediaType": .string($0.mediaType), "size": .number(Double($0.bytes.count)),
             "personal": .bool($0.personal)]
        })
        return .object(members)
    }
}
