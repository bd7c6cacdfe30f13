import DeviceKit
import Foundation
import LaneModel

/// One line of a network driver's `Fixtures/requests.jsonl`, read the same way for every
/// family: the request (a captured `.http` file, or `method`/`target`/`headers` with `body`
/// inline or a captured body in `bodyFile`), the
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
                // A third-party capture published as a body only is kept verbatim in `bodyFile`;
                // the request line (`target`, with its query) and headers around it are ours.
                let target = URLComponents(string: line["target"]?.stringValue ?? devicePath)!
                var query: [String: String] = [:]
                for item in target.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
                var body = line["bodyFile"]?.stringValue.map { contents(fixtures, $0) } ?? Array(line["body"]!.stringValue!.utf8)
                // A capture published with its request line and headers but no exact framing:
                // the body is what follows the first blank line.
                if line["bodyAfterHeaders"] == .bool(true), let blank = (0..<max(0, body.count - 1)).first(where: { body[$0] == 0x0A && body[$0 + 1] == 0x0A }) {
                    body = Array(body[(blank + 2)...])
                }
                precondition(line["bodyFile"] == nil || !body.isEmpty, "\(fixtures): \(line["bodyFile"]!) is missing or empty")
                request = DeviceRequest(method: line["method"]?.stringValue ?? "POST", path: target.path, query: query,
                                        headers: line["headers"]?.objectValue?.compactMapValues(\.stringValue) ?? [:],
                                        body: body, time: time)
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
