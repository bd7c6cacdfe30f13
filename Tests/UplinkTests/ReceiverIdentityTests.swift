import AgentTesting
import AsyncHTTPClient
import ClearanceProtocol
import ClearanceReceiver
import Crypto
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import NIOCore
import NIOSSL
import Records
import Testing

/// Every receiver endpoint is bound to an identity: a board writes only its own records and
/// evidence, its certificate must be the device it speaks for, and reading records and evidence
/// is the reader role's, which no board holds. Attacked against the real process.
@Suite("clearance-receiver identities", .serialized, .timeLimit(.minutes(3)))
struct ReceiverIdentityTests {
    static let token = "reader-token-7f3c2a"
    static let otherKey = try! DeviceKey(seed: Array(repeating: 0x04, count: 32))

    /// A registry of two lanes, a reader-tokens file, and the extra serve arguments.
    static func readerTokens() throws -> (TemporaryDirectory, String) {
        let directory = TemporaryDirectory("tokens")
        let path = directory.file("readers")
        try "# the audit desk\n\(ReceiverCaller.tokenHash(token))\n".write(toFile: path, atomically: true, encoding: .utf8)
        return (directory, path)
    }

    /// An HTTPS client presenting `cert`/`key` (nil: no certificate), trusting the test CA.
    static func client(_ pki: TestPKI, cert: String?, key: String?) throws -> HTTPClient {
        var tls = TLSConfiguration.makeClientConfiguration()
        tls.trustRoots = .certificates(try NIOSSLCertificate.fromPEMFile(pki.caCert))
        if let cert, let key {
            tls.certificateChain = try NIOSSLCertificate.fromPEMFile(cert).map { .certificate($0) }
            tls.privateKey = .privateKey(try NIOSSLPrivateKey(file: key, format: .pem))
        }
        return HTTPClient(eventLoopGroupProvider: .singleton, configuration: .init(tlsConfiguration: tls))
    }

    static func send(_ client: HTTPClient, _ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> HTTP.Response {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await client.execute(request, timeout: .seconds(30))
        let bytes = try await response.body.collect(upTo: 16 * 1024 * 1024)
        return HTTP.Response(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) }, body: Array(bytes.readableBytesView))
    }

    static func batch(_ lines: [[UInt8]], key: String) -> (headers: [(String, String)], body: [UInt8]) {
        var ndjson: [UInt8] = []
        for line in lines { ndjson += line + [10] }
        return ([("Content-Type", "application/x-ndjson"), ("Content-Encoding", "gzip"), ("Idempotency-Key", key)], Gzip.compress(ndjson))
    }

    @Test("under mutual TLS a board writes only as its own device, stores only evidence its records name, and reads nothing but its own state")
    func mutualTLS() async throws {
        let pki = try await TestPKI()
        let (tokens, tokenFile) = try Self.readerTokens()
        let receiver = try await ReceiverProcess(registryLines: [registryLine(), registryLine(device: "HN1119-C04", key: Self.otherKey)],
                                                 extra: ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey, "--client-ca",
                                                         pki.caCert, "--reader-tokens", tokenFile])
        let base = "https://localhost:\(receiver.port)/"
        let board = try Self.client(pki, cert: pki.clientCert, key: pki.clientKey)
        let auditorCert = try await pki.client(commonName: "audit-desk")
        let auditor = try Self.client(pki, cert: auditorCert.cert, key: auditorCert.key)
        defer { Task { try? await board.shutdown(); try? await auditor.shutdown() } }

        // HN1119-C03's records name one evidence file; HN1119-C04's are validly signed by C04.
        let picture = Array("a plate picture".utf8)
        let pictureHash = Hex.encode(SHA256.hash(data: picture))
        let own = try TestAgent()
        do {
            let journal = try own.openJournal()
            defer { journal.close() }
            try await journal.append(kind: "reading.plate", lane: "C1", body: ["plate": "29C12345", "evidence": [["sha256": .string(pictureHash), "role": "overview"]]])
        }
        let other = try TestAgent(device: "HN1119-C04", key: Self.otherKey)
        try await other.append(2)

        let mine = Self.batch(try own.journalLines(), key: "\(testDevice):1-1")
        var reply = try await Self.send(board, "POST", base + "v1/records:batch", headers: mine.headers, body: mine.body)
        #expect(reply.status == 200, "\(reply.text)")

        let theirs = Self.batch(try other.journalLines(), key: "HN1119-C04:1-2")
        reply = try await Self.send(board, "POST", base + "v1/records:batch", headers: theirs.headers, body: theirs.body)
        #expect(reply.status == 403 && reply.json?["error"] == "identity-mismatch", "\(reply.text)")

        let stray = Array("not named by any record".utf8)
        reply = try await Self.send(board, "PUT", base + "v1/evidence/\(Hex.encode(SHA256.hash(data: stray)))",
                                    headers: [("LaneAgent-Device", testDevice)], body: stray)
        #expect(reply.status == 403 && reply.json?["error"] == "not-referenced", "\(reply.text)")
        reply = try await Self.send(board, "PUT", base + "v1/evidence/\(pictureHash)", headers: [("LaneAgent-Device", "HN1119-C04")], body: picture)
        #expect(reply.status == 403 && reply.json?["error"] == "identity-mismatch", "\(reply.text)")
        reply = try await Self.send(board, "PUT", base + "v1/evidence/\(pictureHash)", headers: [("LaneAgent-Device", testDevice)], body: picture)
        #expect(reply.status == 201, "\(reply.text)")

        #expect(try await Self.send(board, "GET", base + "v1/devices/\(testDevice)").status == 200, "a board reads its own state")
        for path in ["v1/devices/HN1119-C04", "v1/devices/\(testDevice)/records?from=1", "v1/evidence/\(pictureHash)"] {
            reply = try await Self.send(board, "GET", base + path)
            #expect(reply.status == 403 && reply.json?["error"] == "forbidden", "\(path): \(reply.text)")
            reply = try await Self.send(auditor, "GET", base + path)
            #expect(reply.status == 403, "a certificate alone is not the reader role: \(path)")
            reply = try await Self.send(auditor, "GET", base + path, headers: [("Authorization", "Bearer \(Self.token)")])
            #expect(reply.status == 200, "\(path): \(reply.text)")
        }
        _ = tokens
    }

    @Test("a board's certificate fetches only its own site's reference data; the reader role any site's")
    func referenceBySite() async throws {
        let pki = try await TestPKI()
        let (tokens, tokenFile) = try Self.readerTokens()
        let withSite = registryLine().replacingOccurrences(of: "}", with: ",\"site\":\"huu-nghi-1119\"}")
        let receiver = try await ReceiverProcess(registryLines: [withSite],
                                                 extra: ["--tls-cert", pki.serverCert, "--tls-key", pki.serverKey, "--client-ca",
                                                         pki.caCert, "--reader-tokens", tokenFile])
        let base = "https://localhost:\(receiver.port)/"
        let board = try Self.client(pki, cert: pki.clientCert, key: pki.clientKey)
        defer { Task { try? await board.shutdown() } }
        // Nothing is published: a caller let through gets 404, one refused 403.
        #expect(try await Self.send(board, "GET", base + "v1/reference/huu-nghi-1119").status == 404)
        let other = try await Self.send(board, "GET", base + "v1/reference/bac-luan-ii")
        #expect(other.status == 403 && other.text.contains("registered at site huu-nghi-1119"), "\(other.text)")
        let auditorCert = try await pki.client(commonName: "audit-desk")
        let auditor = try Self.client(pki, cert: auditorCert.cert, key: auditorCert.key)
        defer { Task { try? await auditor.shutdown() } }
        #expect(try await Self.send(auditor, "GET", base + "v1/reference/bac-luan-ii").status == 403, "an unregistered certificate")
        #expect(try await Self.send(auditor, "GET", base + "v1/reference/bac-luan-ii", headers: [("Authorization", "Bearer \(Self.token)")]).status == 404)
        _ = tokens
    }

    @Test("off loopback without reader tokens, records and evidence are read by nobody")
    func closedOffLoopback() async throws {
        let directory = TemporaryDirectory("receiver-off-loopback")
        let registry = directory.file("registry.ndjson")
        try (registryLine() + "\n").write(toFile: registry, atomically: true, encoding: .utf8)
        let receiptKey = try TestKeys.write(TestKeys.central, to: directory.file("central.key"))
        let arguments = ["serve", "--listen", "0.0.0.0:0", "--data", directory.file("data"), "--registry", registry, "--port-file", directory.file("port"),
                         "--allow-insecure", "--receipt-key", receiptKey]
        let child = try ChildProcess(CommandRunner.receiverPath, arguments)
        defer { child.signal(SIGKILL) }
        let port = try await waitForPort(directory.file("port"), child: child)
        let reply = try await HTTP.send("GET", "http://127.0.0.1:\(port)/v1/devices/\(testDevice)/records?from=1")
        #expect(reply.status == 401, "\(reply.text)")
        #expect(try await HTTP.send("GET", "http://127.0.0.1:\(port)/v1/evidence/\(String(repeating: "0", count: 64))").status == 401)
    }

    @Test("with reader tokens, plain-HTTP reads need the token; without, a loopback receiver's reads are open")
    func readerRole() async throws {
        let (tokens, tokenFile) = try Self.readerTokens()
        let closed = try await ReceiverProcess(registryLines: [registryLine()], extra: ["--reader-tokens", tokenFile])
        let agent = try TestAgent()
        try await agent.append(3)
        let upload = Self.batch(try agent.journalLines(), key: "\(testDevice):1-3")
        #expect(try await HTTP.send("POST", closed.url + "v1/records:batch", headers: upload.headers, body: upload.body).status == 200)
        let records = closed.url + "v1/devices/\(testDevice)/records?from=1"
        #expect(try await HTTP.send("GET", records).status == 401)
        #expect(try await HTTP.send("GET", records, headers: [("Authorization", "Bearer wrong")]).status == 401)
        let huge = try await HTTP.send("GET", records, headers: [("Authorization", "Bearer " + String(repeating: "x", count: 100_000))]).status
        #expect((400..<500).contains(huge), "an oversized token is refused: \(huge)")
        let read = try await HTTP.send("GET", records, headers: [("Authorization", "Bearer \(Self.token)")])
        #expect(read.status == 200 && read.body.split(separator: 10).count == 3)

        let open = try await ReceiverProcess(registryLines: [registryLine()])
        #expect(try await HTTP.send("GET", open.url + "v1/devices/\(testDevice)").status == 200)
        _ = tokens
    }
}
