import DeviceKit
import Foundation
import LaneAgentTesting
import LaneModel
import PlateReaders
import Testing

/// One line of a driver's `Fixtures/requests.jsonl`: a recorded-shape request and what the
/// driver must make of it.
struct RequestFixture: Sendable, CustomTestStringConvertible {
    let driver: String
    let name: String
    let request: DeviceRequest
    /// Each reading as `Reading.jsonValue` plus `evidence: [{role, mediaType, size}]`.
    let readings: [JSONValue]
    let note: String?
    /// A substring the rejection's reason must contain; nil when the request must be accepted.
    let rejection: String?

    var testDescription: String { "\(driver): \(name)" }

    /// Where the driver folders are, from this file's place in the repository.
    static let familyFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers").standardized.path

    static func folder(of driver: DriverDescription) -> String { "\(familyFolder)/\(driver.folder)" }

    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        let fixtures = "\(folder(of: driver))/Fixtures"
        return RecordedRequest.load(fixtures: fixtures, devicePath: "/devices/plate-1/events").map { recorded in
            RequestFixture(driver: driver.name, name: recorded.name, request: recorded.request, readings: recorded.readings,
                           note: recorded.note, rejection: recorded.rejection)
        }
    }

    static let all: [RequestFixture] = PlateReaderDrivers.all.flatMap(load)

    /// A reading as the fixtures write it.
    static func json(_ reading: Reading) -> JSONValue {
        guard case .object(var members) = reading.jsonValue else { return reading.jsonValue }
        members["evidence"] = .array(reading.evidence.map {
            ["role": .string($0.role), "mediaType": .string($0.mediaType), "size": .number(Double($0.bytes.count))]
        })
        return .object(members)
    }
}
