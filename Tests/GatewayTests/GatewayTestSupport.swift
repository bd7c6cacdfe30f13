import AgentTesting
import AsyncHTTPClient
import Crypto
import Foundation
import LaneAgentTesting
import NIOCore

/// The central service's evidence key pair in tests: the board gets only the public half.
enum CentralEvidenceKey {
    static let privateKey = try! Curve25519.KeyAgreement.PrivateKey(rawRepresentation: Array(repeating: UInt8(7), count: 32))
    static var publicBase64: String { privateKey.publicKey.rawRepresentation.base64EncodedString() }
}

/// A running `laneagent run` whose device gateway listens on a free loopback port.
struct RunningAgent {
    let child: ChildProcess
    let port: Int

    init(_ agent: TestAgent) async throws {
        child = try ChildProcess(CommandRunner.laneagentPath, ["run", "--config", agent.configPath])
        guard await child.waitForOutput("device gateway listening") else {
            throw GatewayTestFailure("the gateway did not start: \(child.stdout) \(child.stderr)")
        }
        let line = child.stdout.split(separator: "\n").first { $0.contains("device gateway listening") } ?? ""
        guard let match = line.firstMatch(of: /port=(\d+)/), let port = Int(match.1) else {
            throw GatewayTestFailure("no port in \(line)")
        }
        self.port = port
    }

    func url(_ device: String) -> String { "http://127.0.0.1:\(port)/devices/\(device)/events" }
    var base: String { "http://127.0.0.1:\(port)" }

    /// SIGTERM, and the exit status.
    func stop() async -> Int32 {
        child.signal(SIGTERM)
        return await child.wait()
    }
}

/// Plain HTTP from a test, as a misbehaving device would send it.
enum RawHTTP {
    /// A harness bound, not a timing under test: a debug daemon taking 8 MB while the whole suite
    /// runs on two cores took more than 10 s in a CI run.
    static let timeout = TimeAmount.seconds(60)

    static func post(_ url: String, contentType: String, body: [UInt8]) async throws -> (status: Int, text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: contentType)
        request.body = .bytes(ByteBuffer(bytes: body))
        let response = try await HTTPClient.shared.execute(request, timeout: Self.timeout)
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), String(decoding: bytes.readableBytesView, as: UTF8.self))
    }

    static func get(_ url: String) async throws -> (status: Int, body: [UInt8]) {
        let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: url), timeout: Self.timeout)
        let bytes = try await response.body.collect(upTo: 1 << 24)
        return (Int(response.status.code), Array(bytes.readableBytesView))
    }
}

struct GatewayTestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
