import AgentTesting
import AsyncHTTPClient
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import NIOCore
import Records
import Testing

/// The scripts beside these tests (fault proxy, contract checker) and the contract itself.
enum TestFiles {
    static let scripts = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("Scripts").path
    static let spec = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/openapi/clearance-v1.yaml").path
}

/// Waits for a file a child process writes once it is listening, and reads the port in it.
func waitForPort(_ path: String, child: ChildProcess, seconds: Double = 120) async throws -> Int {
    try await PortFile.wait(path, child: child, seconds: seconds)
}

struct TestFailure: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// A `clearance-receiver serve` process over a data directory that outlives restarts.
final class ReceiverProcess: @unchecked Sendable {
    let data: String
    let registry: String
    let extra: [String]
    /// The central key file it signs receipts with (`TestKeys.central` unless given).
    let receiptKey: String
    private(set) var child: ChildProcess?
    private(set) var port = 0
    private let directory: TemporaryDirectory
    /// The PostgreSQL database it stores in, or nil for DIR/receiver.sqlite.
    let postgres: String?

    init(registryLines: [String], extra: [String] = [], receiptKey: DeviceKey = TestKeys.central, store: TestReceiverStore = .fromEnvironment,
         postgres shared: String? = nil) async throws {
        directory = TemporaryDirectory("receiver")
        data = directory.file("data")
        registry = directory.file("registry.ndjson")
        self.extra = extra
        switch store {
        case .sqlite: postgres = nil
        case .postgres: postgres = if let shared { shared } else { try await TestPostgres.createDatabase() }
        }
        self.receiptKey = try TestKeys.write(receiptKey, to: directory.file("central.key"))
        try (registryLines.joined(separator: "\n") + "\n").write(toFile: registry, atomically: true, encoding: .utf8)
        try await start()
    }

    var url: String { "http://127.0.0.1:\(port)/" }

    /// Starts (again) on a free port.
    func start() async throws {
        let portFile = directory.file("port-\(UUID().uuidString)")
        let store = postgres.map { ["--postgres", $0] } ?? []
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--data", data, "--registry", registry, "--port-file", portFile, "--receipt-key", receiptKey]
        let child = try ChildProcess(CommandRunner.receiverPath, arguments + store + extra)
        self.child = child
        port = try await waitForPort(portFile, child: child)
    }

    /// SIGKILL: a crash, mid-whatever.
    func kill() async {
        child?.signal(SIGKILL)
        _ = await child?.wait()
        child = nil
    }

    /// Loses everything it held (a central restore gone wrong).
    func wipe() async throws {
        // A receiver on PostgreSQL may not have made its data directory (evidence and reference files) yet.
        if FileManager.default.fileExists(atPath: data) { try FileManager.default.removeItem(atPath: data) }
        if let postgres { try await TestPostgres.recreate(postgres) }
    }

    var log: String { child?.stdout ?? "" }

    deinit {
        // Not waited for: Foundation's Process reaps the child on its own thread.
        child?.signal(SIGKILL)
    }
}

/// `Scripts/fault_proxy.py` in front of a receiver: records traffic, injects faults.
final class FaultProxy: @unchecked Sendable {
    let child: ChildProcess
    let port: Int
    let recording: String
    private let directory = TemporaryDirectory("proxy")

    init(upstreamPort: Int) async throws {
        recording = directory.file("exchanges.ndjson")
        let portFile = directory.file("port")
        child = try ChildProcess("/usr/bin/env", ["python3", TestFiles.scripts + "/fault_proxy.py", "--upstream", "127.0.0.1:\(upstreamPort)",
                                                   "--port-file", portFile, "--record", recording])
        port = try await waitForPort(portFile, child: child)
    }

    var url: String { "http://127.0.0.1:\(port)/" }

    func inject(_ faults: JSONValue) async throws {
        let response = try await HTTP.send("POST", url + "_proxy/faults", body: CanonicalJSON.encode(faults))
        #expect(response.status == 200, "fault proxy refused \(faults): \(response.text)")
    }

    func setUpstream(port: Int) async throws {
        _ = try await HTTP.send("PUT", url + "_proxy/upstream", body: Array("127.0.0.1:\(port)".utf8))
    }

    func stats() async throws -> JSONValue {
        try JSONParser.parse(try await HTTP.send("GET", url + "_proxy/stats").body)
    }

    deinit {
        child.signal(SIGKILL)
    }
}

/// Plain HTTP calls from tests (async-http-client on its shared event loops).
enum HTTP {
    struct Response {
        let status: Int
        let headers: [(String, String)]
        let body: [UInt8]
        var text: String { String(decoding: body, as: UTF8.self) }
        var json: JSONValue? { try? JSONParser.parse(body) }
        func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    }

    static func send(_ method: String, _ url: String, headers: [(String, String)] = [], body: [UInt8]? = nil) async throws -> Response {
        var request = HTTPClientRequest(url: url)
        request.method = .init(rawValue: method)
        for (name, value) in headers { request.headers.add(name: name, value: value) }
        if let body { request.body = .bytes(ByteBuffer(bytes: body)) }
        let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
        let bytes = try await response.body.collect(upTo: 256 * 1024 * 1024)
        return Response(status: Int(response.status.code), headers: response.headers.map { ($0.name, $0.value) },
                        body: Array(bytes.readableBytesView))
    }

    /// Everything the receiver holds for `device`, as envelope lines.
    static func receiverRecords(_ base: String, device: String) async throws -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var from = 1
        while true {
            let page = try await send("GET", base + "v1/devices/\(device)/records?from=\(from)&limit=10000")
            guard page.status == 200 else { throw TestFailure("records page answered \(page.status): \(page.text)") }
            let batch = page.body.split(separator: UInt8(ascii: "\n")).map(Array.init)
            if batch.isEmpty { return lines }
            lines += batch
            from += batch.count
        }
    }
}

/// The test device every agent here runs as (TestAgent's default).
let testDevice = "HN1119-C03"

/// A registry line (what `laneagent keys show --json` prints) for `device` signing with `key`.
func registryLine(device: String = testDevice, key: DeviceKey = TestKeys.device) -> String {
    "{\"device\":\"\(device)\",\"keyid\":\"\(key.keyID)\",\"publicKey\":\"\(Data(key.publicKeyBytes).base64EncodedString())\"}"
}

extension TestAgent {
    /// Appends `count` records and returns every envelope line in the journal.
    func append(_ count: Int, kind: String = "test.reading") async throws {
        let journal = try openJournal()
        defer { journal.close() }
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    try await journal.append(kind: kind, lane: "C1", body: ["index": .number(Double(index)), "grossKg": 31_240, "stable": true])
                }
                if index % 64 == 63 { try await group.waitForAll() }
            }
            try await group.waitForAll()
        }
    }

    func status() throws -> JournalStatus {
        let reader = try JournalReader.open(paths: config.paths)
        defer { reader.close() }
        return try reader.status()
    }

    /// `laneagent uplink push` for this agent.
    func push(timeout: Double = 60) async throws -> CommandRunner.Output {
        try await CommandRunner.laneagent(["uplink", "push", "--config", configPath, "--timeout", "\(timeout)", "--json"])
    }
}

/// Uplink config pointing at `url`, with short retry waits for tests.
func uplinkConfig(_ url: String, requestTimeout: Int = 10, extra: String = "") -> String {
    """
    [uplink]
    url = "\(url)"
    retry_max_seconds = 2
    request_timeout_seconds = \(requestTimeout)
    \(extra)
    """
}

/// A throwaway CA with a server certificate (localhost, 127.0.0.1) and a device client
/// certificate (common name: the test device), made with the openssl command line.
struct TestPKI {
    let directory = TemporaryDirectory("pki")
    var caCert: String { directory.file("ca.pem") }
    var serverCert: String { directory.file("server.pem") }
    var serverKey: String { directory.file("server.key") }
    var clientCert: String { directory.file("client.pem") }
    var clientKey: String { directory.file("client.key") }

    init() async throws {
        let d = directory.path
        let script = """
            set -e
            cd '\(d)'
            openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout ca.key -out ca.pem -days 2 -subj /CN=laneagent-test-ca 2>/dev/null
            printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\\nextendedKeyUsage=serverAuth\\n' > server.ext
            printf 'extendedKeyUsage=clientAuth\\n' > client.ext
            for who in server client; do
              cn=$who; [ $who = client ] && cn='\(testDevice)'
              openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout $who.key -out $who.csr -subj "/CN=$cn" 2>/dev/null
              openssl x509 -req -in $who.csr -CA ca.pem -CAkey ca.key -CAcreateserial -out $who.pem -days 2 -extfile $who.ext 2>/dev/null
            done
            """
        let output = try await CommandRunner.run("/bin/sh", ["-c", script])
        guard output.status == 0 else { throw TestFailure("openssl failed: \(output.stderr)") }
    }

    /// Another client certificate from the same CA, for `commonName`: (certificate, key) paths.
    func client(commonName: String) async throws -> (cert: String, key: String) {
        let name = "client-" + commonName.map { $0.isLetter || $0.isNumber ? String($0) : "-" }.joined()
        let script = """
            set -e
            cd '\(directory.path)'
            openssl req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -keyout \(name).key -out \(name).csr -subj '/CN=\(commonName)' 2>/dev/null
            openssl x509 -req -in \(name).csr -CA ca.pem -CAkey ca.key -CAcreateserial -out \(name).pem -days 2 -extfile client.ext 2>/dev/null
            """
        let output = try await CommandRunner.run("/bin/sh", ["-c", script])
        guard output.status == 0 else { throw TestFailure("openssl failed: \(output.stderr)") }
        return (directory.file(name + ".pem"), directory.file(name + ".key"))
    }
}
