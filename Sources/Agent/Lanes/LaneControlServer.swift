import Foundation
import HTTPTypes
import Hummingbird
import LaneModel
import Logging
import NIOCore
import ServiceLifecycle

/// The daemon's local control API on a Unix socket in the state directory, so only the
/// `laneagent` user (and root) can reach it and the daemon stays the journal's one writer:
/// `GET /v1/lanes` for status, `POST /v1/lanes/{lane}/override` for officers' overrides.
public struct LaneControlServer: Service {
    /// The socket's path for a state directory.
    public static func socketPath(stateDirectory: String) -> String { stateDirectory + "/control.sock" }

    private let hub: LaneHub
    private let path: String
    private let logger: Logger

    public init(hub: LaneHub, stateDirectory: String, logger: Logger) {
        self.hub = hub
        self.path = Self.socketPath(stateDirectory: stateDirectory)
        self.logger = logger
    }

    public func run() async throws {
        // A socket file left by a crashed daemon would make bind fail.
        try? FileManager.default.removeItem(atPath: path)
        let router = Router(context: BasicRequestContext.self)
        let hub = self.hub
        router.get("/v1/lanes") { _, _ in Self.json(200, hub.status) }
        router.post("/v1/lanes/{lane}/override") { request, context in
            let lane = context.parameters.get("lane") ?? ""
            var request = request
            guard let body = try? await request.collectBody(upTo: 64 * 1024) else {
                return Self.json(400, ["error": "the body is larger than 64 KB"])
            }
            let parsed: OverrideRequest
            switch Self.parse(Array(body.readableBytesView), lane: lane) {
            case .success(let value): parsed = value
            case .failure(let error): return Self.json(400, ["error": .string(error.message), "reason": .string(error.reason), "code": .string(error.code)])
            }
            switch await hub.override(parsed) {
            case .success(let receipt):
                return Self.json(200, receipt.jsonValue)
            case .failure(let error):
                let status = switch error {
                case .unknownLane: 404
                case .rejected: 409
                case .badRequest: 400
                case .notAuthenticated: 403
                case .lockedOut: 429
                case .notRecorded, .unreachable: 503
                }
                return Self.json(status, ["error": .string(error.message), "reason": .string(error.reason), "code": .string(error.code)])
            }
        }
        let logger = self.logger
        let path = self.path
        let app = Application(
            router: router,
            configuration: .init(address: .unixDomainSocket(path: path), serverName: "laneagent-control"),
            onServerRunning: { _ in
                // Owner and group only: the state directory is 0700 already; this keeps it so if moved.
                chmod(path, 0o660)
                logger.notice("lane control API listening", metadata: ["socket": "\(path)"])
            },
            logger: logger)
        try await app.run()
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Reads `{"crossing","decision","officer","reason"}` and the officer's credential, `"pin"` or
    /// `"signature":{"signedAt","value"}`. Ids are bounded here, since a refused attempt is recorded
    /// with them.
    static func parse(_ body: [UInt8], lane: String) -> Result<OverrideRequest, LaneControlError> {
        guard let value = try? JSONParser.parse(body), case .object(let object) = value else {
            return .failure(.badRequest("the body must be a JSON object {\"crossing\",\"decision\",\"officer\",\"reason\",\"pin\"}"))
        }
        var fields: [String: String] = [:]
        for key in ["crossing", "decision", "officer", "reason"] {
            guard case .string(let text)? = object[key], !text.trimmingCharacters(in: .whitespaces).isEmpty else {
                return .failure(.badRequest("\(key) must be a non-empty string"))
            }
            fields[key] = text
        }
        guard let decision = Decision(rawValue: fields["decision"]!), decision != .refer else {
            return .failure(.badRequest("decision must be CLEAR or HOLD, not \(fields["decision"]!)"))
        }
        guard Identifier.isValid(fields["officer"]!) else {
            return .failure(.badRequest("officer must be the officer's badge number, \(Identifier.allowedDescription)"))
        }
        guard fields["crossing"]!.count <= 128 else { return .failure(.badRequest("crossing must be at most 128 characters")) }
        var credential: OfficerCredential?
        switch (object["pin"], object["signature"]) {
        case (nil, nil):
            credential = nil
        case (.string(let pin)?, nil):
            if let problem = PINHash.problem(with: pin) { return .failure(.badRequest("pin: \(problem)")) }
            credential = .pin(pin)
        case (nil, let signature?):
            guard let parsed = OverrideSignature(json: signature) else {
                return .failure(.badRequest("signature must be {\"signedAt\": an RFC 3339 time, \"value\": base64 of a 64-byte Ed25519 signature}"))
            }
            credential = .signature(parsed)
        default:
            return .failure(.badRequest("send either pin (a string) or signature, not both"))
        }
        return .success(OverrideRequest(lane: lane, crossing: fields["crossing"]!, decision: decision, officer: fields["officer"]!,
                                        reason: fields["reason"]!, credential: credential))
    }

    static func json(_ status: Int, _ value: JSONValue) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        var bytes = CanonicalJSON.encode(value)
        bytes.append(0x0A)
        return Response(status: .init(code: status), headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}
