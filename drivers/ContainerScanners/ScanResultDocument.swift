import DeviceKit
import Foundation
import LaneModel

/// A scan result as scanners send it, pushed or dropped in a folder:
/// `{"scanId","verdict","containers":[…],"operator"?,"time"?,"image"?|"imageFile"?}`.
/// Unknown members are ignored; a wrong type or value is refused naming the member.
public struct ScanResultDocument: Sendable, Hashable {
    public var result: ScanResult
    /// The scanner's own time for the verdict, when it sent one.
    public var time: Timestamp?
    public var image: ScanImageSource

    public init(result: ScanResult, time: Timestamp?, image: ScanImageSource) {
        self.result = result
        self.time = time
        self.image = image
    }

    /// Reads a result from `body`. Scan data identifies no person, so rejections quote the body.
    public static func parse(_ body: [UInt8]) throws(EventRejection) -> ScanResultDocument {
        let excerpt = String(decoding: body.prefix(200), as: UTF8.self)
        func refuse(_ reason: String) -> EventRejection { EventRejection(reason, excerpt: excerpt) }
        let value: JSONValue
        do { value = try JSONParser.parse(body) } catch { throw refuse("body: not JSON (\(error))") }
        guard let members = value.objectValue else { throw refuse("body: expected a JSON object, found \(describe(value))") }

        let scanId = try requiredString("scanId", in: members, refuse)
        guard let verdictText = members["verdict"] else { throw refuse("verdict: missing") }
        guard case .string(let verdictRaw) = verdictText else {
            throw refuse("verdict: expected a string, found \(describe(verdictText))")
        }
        // Case is the only variation tolerated: "Clear" is still clear, "ok" is not.
        guard let verdict = ScanResult.Verdict(rawValue: verdictRaw.trimmingCharacters(in: .whitespaces).lowercased()) else {
            throw refuse("verdict: \"\(verdictRaw.prefix(40))\" is not one of clear, suspect, inconclusive")
        }
        guard let containersValue = members["containers"] else { throw refuse("containers: missing (send [] for none)") }
        guard case .array(let elements) = containersValue else {
            throw refuse("containers: expected an array of container codes, found \(describe(containersValue))")
        }
        var containers: [String] = []
        for (index, element) in elements.enumerated() {
            guard case .string(let code) = element else {
                throw refuse("containers[\(index)]: expected a string, found \(describe(element))")
            }
            containers.append(code)
        }
        let operatorName = try optionalString("operator", in: members, refuse)
        var time: Timestamp?
        if let text = try optionalString("time", in: members, refuse) {
            guard let parsed = DeviceTime.parse(text) else {
                throw refuse("time: \"\(text.prefix(40))\" is not an ISO 8601 date-time with a UTC offset")
            }
            time = parsed
        }
        let inline = try optionalString("image", in: members, refuse)
        let file = try optionalString("imageFile", in: members, refuse)
        var image = ScanImageSource.none
        switch (inline, file) {
        case (.some, .some):
            throw refuse("image, imageFile: give one of them, not both")
        case (.some(let text), nil):
            guard let bytes = decodeBase64(text) else { throw refuse("image: not base64 (\(text.utf8.count) characters)") }
            image = .inline(bytes)
        case (nil, .some(let name)):
            guard !name.contains("/"), !name.hasPrefix("."), name != "..", !name.contains("\0") else {
                throw refuse("imageFile: \"\(name.prefix(60))\" must be a plain file name in the same folder")
            }
            image = .file(name)
        case (nil, nil):
            break
        }
        return ScanResultDocument(result: ScanResult(scanId: scanId, verdict: verdict, containers: containers, operatorName: operatorName),
                                  time: time, image: image)
    }

    private static func requiredString(_ name: String, in members: [String: JSONValue],
                                       _ refuse: (String) -> EventRejection) throws(EventRejection) -> String {
        guard let value = members[name] else { throw refuse("\(name): missing") }
        guard case .string(let text) = value else { throw refuse("\(name): expected a string, found \(describe(value))") }
        guard !text.trimmingCharacters(in: .whitespaces).isEmpty else { throw refuse("\(name): empty") }
        return text
    }

    /// A string member; absent, `null` and `""` all mean "not sent" (scanners write each of them).
    private static func optionalString(_ name: String, in members: [String: JSONValue],
                                       _ refuse: (String) -> EventRejection) throws(EventRejection) -> String? {
        switch members[name] {
        case nil, .null?: return nil
        case .string(let text)?: return text.isEmpty ? nil : text
        case let other?: throw refuse("\(name): expected a string, found \(describe(other))")
        }
    }

    /// Standard base64; line breaks (MIME style), missing padding and a `data:…;base64,` prefix are tolerated.
    static func decodeBase64(_ text: String) -> [UInt8]? {
        var body = Substring(text)
        if body.hasPrefix("data:"), let comma = body.firstIndex(of: ",") { body = body[body.index(after: comma)...] }
        var cleaned = body.filter { !$0.isWhitespace }
        guard !cleaned.isEmpty else { return nil }
        if cleaned.count % 4 != 0 { cleaned += String(repeating: "=", count: 4 - cleaned.count % 4) }
        return Data(base64Encoded: cleaned).map { [UInt8]($0) }
    }

    static func describe(_ value: JSONValue) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
