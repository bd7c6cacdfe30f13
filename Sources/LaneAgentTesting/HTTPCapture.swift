import DeviceKit
import Foundation
import LaneModel

/// Device requests saved as raw HTTP/1.1 (`.http` fixtures): request line, CRLF headers, a
/// blank line, then exactly Content-Length bytes of body.
public enum HTTPCapture {
    /// The request in `raw`, as the gateway would hand it to a driver, arriving at `time`.
    public static func request(_ raw: [UInt8], time: Timestamp, file: String) -> DeviceRequest {
        let separator: [UInt8] = [0x0D, 0x0A, 0x0D, 0x0A]
        guard let end = (0..<max(0, raw.count - 3)).first(where: { raw[$0..<($0 + 4)].elementsEqual(separator) }) else {
            fatalError("\(file): no blank line after the headers")
        }
        let lines = String(decoding: raw[..<end], as: UTF8.self).components(separatedBy: "\r\n")
        let requestLine = lines[0].split(separator: " ")
        var headers: [String: String] = [:]
        for line in lines.dropFirst() {
            let colon = line.firstIndex(of: ":")!
            headers[String(line[..<colon])] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let body = Array(raw[(end + 4)...])
        precondition(Int(headers["Content-Length"] ?? "") == body.count, "\(file): Content-Length does not match the body")
        let target = URLComponents(string: String(requestLine[1]))!
        var query: [String: String] = [:]
        for item in target.queryItems ?? [] where query[item.name] == nil { query[item.name] = item.value ?? "" }
        return DeviceRequest(method: String(requestLine[0]), path: target.path, query: query, headers: headers, body: body, time: time)
    }
}
