import DeviceKit
import Foundation
import LaneModel

/// One line of a network driver's `Fixtures/requests.jsonl`, read the same way for every
/// family: the request (a captured `.http` file, or `method`/`headers`/`body` inline), the
/// readings it must give, and the whole line for the family's own fields.
public struct RecordedRequest: Sendable {
    public let line: JSONValue
    public let name: String
    public let request: DeviceRequest
    /// Each reading as the family's fixtures write it.
    public let readings: [JSONValue]
    public let note: String?
    /// A substring the rejection's reason must contain; nil when the request must be accepted.
    public let rejection: String?

    /// Every line of `fixtures/requests.jsonl` (none when the driver has no such file); inline
    /// requests go to `devicePath`. A malformed line stops the test run: the fixtures are ours.
    public static func load(fixtures: String, devicePath: String) -> [RecordedRequest] {
        guard let text = try? String(contentsOfFile: "\(fixtures)/requests.jsonl", encoding: .utf8) else { return [] }
        return text.split(separator: "\n").filter { !$0.allSatisfy(\.isWhitespace) }.map { text in
            let line = try! JSONParser.parse(Array(text.utf8))
            let time = Timestamp(rfc3339: line["time"]!.stringValue!)!
            let request: DeviceRequest
            if let file = line["file"]?.stringValue {
                request = HTTPCapture.request(contents(fixtures, file), time: time, file: file)
            } else {
                request = DeviceRequest(method: line["method"]?.stringValue ?? "POST", path: devicePath,
                                        headers: line["headers"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
                                        body: Array(line["body"]!.stringValue!.utf8), time: time)
            }
            guard case .array(let readings)? = line["readings"] else { fatalError("\(fixtures): \(text) has no readings array") }
            return RecordedRequest(line: line, name: line["name"]!.stringValue!, request: request, readings: readings,
                                   note: line["note"]?.stringValue, rejection: line["rejection"]?.stringValue)
        }
    }

    /// The bytes of a file beside the fixtures (a captured request or an expected reply).
    public static func contents(_ fixtures: String, _ file: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: "\(fixtures)/\(file)") ?? Data())
    }
}
