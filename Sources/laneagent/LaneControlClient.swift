import Agent
import AsyncHTTPClient
import Foundation
import LaneModel
import NIOCore

/// Talks to the running daemon's lane control API over its Unix socket.
struct LaneControlClient {
    let socketPath: String

    init(stateDirectory: String) {
        socketPath = LaneControlServer.socketPath(stateDirectory: stateDirectory)
    }

    /// `{"lanes":[…]}` from the daemon.
    func status() async throws(LaneControlError) -> JSONValue {
        let (status, body) = try await send("GET", "/v1/lanes", body: nil)
        guard status == 200 else { throw Self.error(status, body) }
        return body
    }

    /// Sends an override; returns the committed `crossing.override` body with its seq.
    func override(_ request: OverrideRequest) async throws(LaneControlError) -> JSONValue {
        var body: [String: JSONValue] = ["crossing": .string(request.crossing), "decision": .string(request.decision.rawValue),
                                         "officer": .string(request.officer), "reason": .string(request.reason)]
        switch request.credential {
        case .pin(let pin)?: body["pin"] = .string(pin)
        case .signature(let signature)?: body["signature"] = signature.jsonValue
        case nil: break
        }
        let lane = request.lane.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed) ?? request.lane
        let (status, reply) = try await send("POST", "/v1/lanes/\(lane)/override", body: .object(body))
        guard status == 200 else { throw Self.error(status, reply) }
        return reply
    }

    private static func error(_ status: Int, _ body: JSONValue) -> LaneControlError {
        let message = body["reason"]?.stringValue ?? body["error"]?.stringValue ?? "HTTP \(status)"
        switch status {
        case 404: return .unknownLane(message, known: body["known"]?.arrayValue?.compactMap(\.stringValue) ?? [])
        case 409: return .rejected(message)
        case 400: return .badRequest(message)
        case 403: return .notAuthenticated(message)
        case 429: return .lockedOut(message)
        default: return .notRecorded(message)
        }
    }

    private func send(_ method: String, _ path: String, body: JSONValue?) async throws(LaneControlError) -> (Int, JSONValue) {
        guard FileManager.default.fileExists(atPath: socketPath) else {
            throw .unreachable(path: socketPath, reason: "the socket does not exist")
        }
        guard let url = URL(httpURLWithSocketPath: socketPath, uri: path) else {
            throw .unreachable(path: socketPath, reason: "the socket path cannot be used in a URL")
        }
        var request = HTTPClientRequest(url: url.absoluteString)
        request.method = .init(rawValue: method)
        if let body {
            request.headers.add(name: "Content-Type", value: "application/json")
            request.body = .bytes(ByteBuffer(bytes: CanonicalJSON.encode(body)))
        }
        do {
            let response = try await HTTPClient.shared.execute(request, timeout: .seconds(30))
            let bytes = try await response.body.collect(upTo: 4 * 1024 * 1024)
            let value = (try? JSONParser.parse(Array(bytes.readableBytesView))) ?? .null
            return (Int(response.status.code), value)
        } catch {
            throw .unreachable(path: socketPath, reason: "\(error)")
        }
    }
}
