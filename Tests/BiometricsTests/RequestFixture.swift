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
    let options: BiometricDriverOptions

    var testDescription: String { "\(driver): \(name)" }

    /// Where the family's driver folders are, from this file's place in the repository.
    static let familyFolder = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../drivers/Biometrics").standardized.path

    static func fixtures(of driver: DriverDescription) -> String { "\(familyFolder)/../\(driver.folder)/Fixtures" }

    static func load(_ driver: DriverDescription) -> [RequestFixture] {
        let fixtures = fixtures(of: driver)
        guard let text = try? String(contentsOfFile: "\(fixtures)/requests.jsonl", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { line in
            let object = try! JSONParser.parse(Array(line.utf8))
            let time = Timestamp(rfc3339: object["time"]!.stringValue!)!
            let request: DeviceRequest
            if let file = object["file"]?.stringValue {
                let raw = [UInt8](FileManager.default.contents(atPath: "\(fixtures)/\(file)") ?? Data())
                request = HTTPCapture.request(raw, time: time, file: file)
            } else {
                request = DeviceRequest(method: object["method"]?.stringValue ?? "POST", path: "/devices/face-1/events",
                                        body: Array(object["body"]!.stringValue!.utf8), time: time)
            }
            guard case .array(let readings)? = object["readings"] else { fatalError("\(fixtures): \(line) has no readings array") }
            var reply = object["reply"]?.stringValue.map { Array($0.utf8) }
            if let file = object["replyFile"]?.stringValue {
                reply = [UInt8](FileManager.default.contents(atPath: "\(fixtures)/\(file)") ?? Data())
            }
            var personal: [String] = []
            if case .array(let items)? = object["personal"] { personal = items.compactMap(\.stringValue) }
            let offset = object["utcOffsetMinutes"]?.integerValue ?? 420
            return RequestFixture(driver: driver.name, name: object["name"]!.stringValue!, request: request, readings: readings,
                                  note: object["note"]?.stringValue, rejection: object["rejection"]?.stringValue, reply: reply,
                                  personal: personal, options: BiometricDriverOptions(utcOffsetMinutes: offset))
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
