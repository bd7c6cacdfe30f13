import AgentTesting
import AsyncHTTPClient
import Crypto
import Foundation
import LaneAgentTesting
import LaneModel
import NIOCore
import NIOSSL
import Testing

/// Devices configured with credentials are refused without them (401 and a challenge, decided
/// from the head before any body is read); Digest as Hikvision's HTTP host notification sends
/// it, Basic, a bearer token; and the gateway serves HTTPS with the board's certificate.
@Suite("Device authentication at the gateway", .serialized, .timeLimit(.minutes(2)))
struct DeviceAuthenticationTests {
    static let password = "s3cret-lane"
    static var digestHA1: String { md5("lane:laneagent:\(password)") }
    static let token = "tok-2b7d9c"

    static func md5(_ text: String) -> String { Hex.encode(Insecure.MD5.hash(data: Array(text.utf8))) }

    static func devices(_ extra: String = "") -> String {
        """
        [http]
        listen = "127.0.0.1:0"
        \(extra)

        [[devices]]
        id = "plate-1"
        kind = "plate-reader"
        driver = "generic-plate-json"
        address = "127.0.0.1"
        username = "lane"
        password_digest = "\(digestHA1)"

        [[devices]]
        id = "xray-1"
        kind = "xray"
        driver = "generic-scan-json"
        address = "127.0.0.1"
        token_sha256 = "\(Hex.encode(SHA256.hash(data: Array(token.utf8))))"
        """
    }

    static func post(_ url: String, headers: [(String, String)] = [], body: String,
                     client: HTTPClient = .shared) async throws -> (status: Int, headers: [(String, String)], text: String) {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json")
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: Array(body.utf8)))
        let response = try await client.execute(request, timeout: .seconds(10))
        let bytes = try await response.body.collect(upTo: 1 << 20)
        return (Int(response.status.code), response.headers.map { ($0.name, $0.value) }, String(decoding: bytes.readableBytesView, as: UTF8.self))
    }

    /// The Authorization header a device computes for `challenge` (RFC 7616, qop=auth, MD5).
    static func digest(challenge: String, method: String = "POST", uri: String, password: String = password) throws -> String {
        let nonce = try #require(challenge.firstMatch(of: /nonce="([^"]+)"/).map { String($0.1) })
        let ha1 = md5("lane:laneagent:\(password)"), ha2 = md5("\(method):\(uri)")
        let response = md5("\(ha1):\(nonce):00000001:0a4f113b:auth:\(ha2)")
        return """
            Digest username=\"lane\", realm=\"laneagent\", nonce=\"\(nonce)\", uri=\"\(uri)\", algorithm=MD5, qop=auth, nc=00000001, cnonce=\"0a4f113b\", \
            response=\"\(response)\"
            """
    }

    @Test("Digest, Basic and bearer credentials: refused without them or with wrong ones, accepted with right ones")
    func credentials() async throws {
        let agent = try TestAgent(extraConfig: Self.devices())
        let running = try await RunningAgent(agent)
        let plate = running.url("plate-1"), uri = "/devices/plate-1/events"
        let body = "{\"plate\": \"29C12345\"}"

        let challenged = try await Self.post(plate, body: body)
        #expect(challenged.status == 401)
        let challenge = try #require(challenged.headers.first { $0.0.lowercased() == "www-authenticate" }?.1)
        #expect(challenge.hasPrefix("Digest realm=\"laneagent\"") && challenge.contains("qop=\"auth\""))

        #expect(try await Self.post(plate, headers: [("Authorization", try Self.digest(challenge: challenge, uri: uri, password: "wrong"))], body: body).status == 401)
        let forged = challenge.replacing(#/nonce="[^"]+"/#, with: "nonce=\"1700000000-00000000000000000000000000000000\"")
        #expect(try await Self.post(plate, headers: [("Authorization", try Self.digest(challenge: forged, uri: uri))], body: body).status == 401)
        #expect(try await Self.post(plate, headers: [("Authorization", try Self.digest(challenge: challenge, uri: "/devices/xray-1/events"))], body: body).status == 401)
        let accepted = try await Self.post(plate, headers: [("Authorization", try Self.digest(challenge: challenge, uri: uri))], body: body)
        #expect(accepted.status == 200, "\(accepted.text)")

        let basic = Data("lane:\(Self.password)".utf8).base64EncodedString()
        #expect(try await Self.post(plate, headers: [("Authorization", "Basic \(basic)")], body: body).status == 200)
        #expect(try await Self.post(plate, headers: [("Authorization", "Basic \(Data("lane:nope".utf8).base64EncodedString())")], body: body).status == 401)
        #expect(try await Self.post(plate, headers: [("Authorization", "Digest " + String(repeating: "a=\"b\", ", count: 1_000))], body: body).status == 401)

        let scan = "{\"scanId\": \"S-1\", \"verdict\": \"clear\", \"containers\": []}"
        #expect(try await Self.post(running.url("xray-1"), body: scan).status == 401)
        #expect(try await Self.post(running.url("xray-1"), headers: [("Authorization", "Bearer wrong")], body: scan).status == 401)
        #expect(try await Self.post(running.url("xray-1"), headers: [("Authorization", "Bearer \(Self.token)")], body: scan).status == 200)
        #expect(try await Self.post(running.url("xray-1") + "?token=\(Self.token)", body: scan).status == 200)
        #expect(await running.stop() == 0)

        let readings = try agent.records().filter { $0.kind.hasPrefix("reading.") }
        #expect(readings.filter { $0.kind == "reading.plate" }.count == 2, "only the Digest and Basic requests were recorded")
        #expect(readings.filter { $0.kind == "reading.scan" }.count == 2)
        #expect(running.child.stdout.contains("refused an event with wrong credentials"))
    }

    @Test("device-credential prints the lines the configuration takes")
    func credentialCommand() async throws {
        let output = try await CommandRunner.run("/bin/sh", ["-c", "printf '%s\\n' '\(Self.password)' | '\(CommandRunner.laneagentPath)' keys device-credential --user lane"])
        #expect(output.status == 0, "\(output.stderr)")
        #expect(output.stdout == "username = \"lane\"\npassword_digest = \"\(Self.digestHA1)\"\n")
        let token = try await CommandRunner.laneagent(["keys", "device-credential", "--token"])
        let shown = try #require(token.stdout.firstMatch(of: /shown once\): (\S+)/).map { String($0.1) })
        #expect(token.stdout.contains("token_sha256 = \"\(Hex.encode(SHA256.hash(data: Array(shown.utf8))))\""))
    }

    @Test("with tls_cert and tls_key the gateway serves HTTPS; a key others can read is refused by config check")
    func https() async throws {
        let pki = TemporaryDirectory("gateway-tls")
        let made = try await CommandRunner.run("/bin/sh", ["-c", """
            cd '\(pki.path)' && openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout board.key -out board.pem \
              -days 2 -subj /CN=board -addext subjectAltName=IP:127.0.0.1 2>/dev/null && chmod 600 board.key
            """])
        #expect(made.status == 0, "\(made.stderr)")
        let agent = try TestAgent(extraConfig: Self.devices("tls_cert = \"\(pki.file("board.pem"))\"\ntls_key = \"\(pki.file("board.key"))\""))
        let running = try await RunningAgent(agent)
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.file("board.pem")))
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
        let url = running.url("xray-1").replacingOccurrences(of: "http://", with: "https://")
        let reply = try await Self.post(url, headers: [("Authorization", "Bearer \(Self.token)")],
                                        body: "{\"scanId\": \"S-2\", \"verdict\": \"clear\", \"containers\": []}", client: client)
        #expect(reply.status == 200, "\(reply.text)")
        try await client.shutdown()
        await #expect(throws: (any Error).self) { _ = try await Self.post(running.url("xray-1"), body: "{}") }
        #expect(await running.stop() == 0)

        chmod(pki.file("board.key"), 0o644)
        let check = try await CommandRunner.laneagent(["config", "check", agent.configPath])
        #expect(check.status == 2 && check.stderr.contains("tls_key"), "\(check.stdout) \(check.stderr)")
    }
}
