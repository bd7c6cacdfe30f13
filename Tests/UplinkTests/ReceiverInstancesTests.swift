import AgentTesting
import ClearanceProtocol
import Foundation
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// Several `clearance-receiver` processes on one PostgreSQL database keep the contract: a retry
/// on another instance stores nothing twice, two conflicting batches give one `200` and one
/// `409 fork`, the feed read from any instance holds every record once, and a database that is
/// away is a `503` with `Retry-After`, never a `200` for a batch not committed.
@Suite("several receivers, one PostgreSQL database", .serialized)
struct ReceiverInstancesTests {
    private func post(_ base: String, lines: [[UInt8]], device: String, first: Int) async throws -> HTTP.Response {
        var ndjson: [UInt8] = []
        for line in lines { ndjson += line + [UInt8(ascii: "\n")] }
        return try await HTTP.send("POST", base + "v1/records:batch",
                                   headers: [("Content-Type", "application/x-ndjson"), ("Content-Encoding", "gzip"),
                                             ("Idempotency-Key", "\(device):\(first)-\(first + lines.count - 1)")],
                                   body: Gzip.compress(ndjson))
    }

    /// `line` with a different body, signed again by `key`: the same seq and link, another record.
    private func conflicting(_ line: [UInt8], key: DeviceKey) throws -> [UInt8] {
        let envelope = try Envelope(parsing: line)
        var record = try Record(parsing: try JSONParser.parse(envelope.payload))
        record.body = ["conflicting": true]
        let payload = record.canonicalBytes()
        let pae = Envelope.preAuthenticationEncoding(payloadType: Envelope.recordPayloadType, payload: payload)
        return Envelope(payloadType: Envelope.recordPayloadType, payload: payload, signatures: [.init(keyID: key.keyID, signature: key.sign(pae))]).encoded()
    }

    @Test("three instances: retries on another instance store nothing twice, conflicting batches give one 200 and one fork, the feed holds every record once")
    func sharedDatabase() async throws {
        let devices = (1...6).map { "HN1119-M0\($0)" }
        let keys = try devices.indices.map { try DeviceKey(seed: Array(repeating: UInt8(0x40 + $0), count: 32)) }
        let registry = zip(devices, keys).map { registryLine(device: $0, key: $1) }
        let database = try await TestPostgres.createDatabase()
        var instances: [ReceiverProcess] = []
        for name in ["a", "b", "c"] {
            instances.append(try await ReceiverProcess(registryLines: registry, extra: ["--instance", name], store: .postgres, postgres: database))
        }
        let urls = instances.map(\.url)
        var journals: [[[UInt8]]] = []
        for (device, key) in zip(devices, keys) {
            let agent = try TestAgent(device: device, key: key)
            try await agent.append(12)
            journals.append(try agent.journalLines())
        }

        // The same batch at all three at once: each answers 200, one copy is kept.
        let lines = journals
        for (index, device) in devices.enumerated() {
            let replies = try await withThrowingTaskGroup(of: HTTP.Response.self) { group in
                for url in urls {
                    group.addTask { try await self.post(url, lines: Array(lines[index][0..<5]), device: device, first: 1) }
                }
                return try await group.reduce(into: []) { $0.append($1) }
            }
            #expect(replies.map(\.status) == [200, 200, 200], "\(device): \(replies.map(\.text))")
            let state = try await HTTP.send("GET", urls[2] + "v1/devices/\(device)")
            #expect(state.json?["records"]?.integerValue == 5, "\(device): \(state.text)")
        }

        // Record 6 and a conflicting record 6, at two instances at once: one is stored, the other is a fork.
        for (index, device) in devices.enumerated() {
            let original = journals[index][5]
            let other = try conflicting(original, key: keys[index])
            async let first = post(urls[0], lines: [original], device: device, first: 6)
            async let second = post(urls[1], lines: [other], device: device, first: 6)
            let replies = try await [first, second]
            #expect(replies.map(\.status).sorted() == [200, 409], "\(device): \(replies.map(\.text))")
            let fork = replies.first { $0.status == 409 }
            #expect(fork?.json?["error"] == "fork", "\(device): \(fork?.text ?? "")")
            let held = try await HTTP.receiverRecords(urls[2], device: device)
            let winner = replies[0].status == 200 ? original : other
            #expect(held.count == 6 && held.last == winner, "\(device): the stored record 6 is the one answered 200")
        }

        // The feed, read from any instance, holds every stored record once and each device's in seq order.
        var seen: [String: [Int]] = [:]
        var after = "0-0"
        var pages = 0
        while pages < 100 {
            pages += 1
            let page = try await HTTP.send("GET", urls[pages % 3] + "v1/feed?after=\(after)&limit=7")
            #expect(page.status == 200, "\(page.text)")
            guard let records = page.json?["records"]?.arrayValue, case .string(let next)? = page.json?["next"] else {
                Issue.record("feed page is not {next, records}: \(page.text)")
                return
            }
            if records.isEmpty { break }
            for entry in records {
                guard case .string(let device)? = entry["device"], let seq = entry["seq"]?.integerValue else { continue }
                seen[device, default: []].append(seq)
            }
            after = next
        }
        #expect(seen.keys.sorted() == devices.sorted())
        for device in devices { #expect(seen[device] == Array(1...6), "\(device): \(seen[device] ?? [])") }
    }

    @Test("PostgreSQL away: batches are answered 503 with Retry-After and nothing is lost; back: the board's resend is stored")
    func databaseRestart() async throws {
        try await withOwnCluster { server, cluster in try await restart(server: server, cluster: cluster) }
    }

    /// Runs `body` with a cluster of its own (this test stops it, which others sharing one must not see), stopped afterwards.
    private func withOwnCluster(port: Int? = nil, _ body: (_ server: String, _ cluster: String) async throws -> Void) async throws {
        let directory = TemporaryDirectory("pg")
        let cluster = directory.file("cluster")
        let server = try await TestPostgres.run("/usr/bin/env", ["POSTGRES_TEMP_OWNER=\(getpid())", TestPostgres.script, "start", cluster] + (port.map { ["\($0)"] } ?? []))
            .trimmingCharacters(in: .whitespacesAndNewlines)
        do { try await body(server, cluster) } catch {
            _ = try? await TestPostgres.run(TestPostgres.script, ["stop", cluster])
            throw error
        }
        _ = try? await TestPostgres.run(TestPostgres.script, ["stop", cluster])
    }

    private func restart(server: String, cluster: String) async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine()], store: .postgres, postgres: server)
        let agent = try TestAgent()
        try await agent.append(20)
        let lines = try agent.journalLines()
        var reply = try await post(receiver.url, lines: Array(lines[0..<10]), device: testDevice, first: 1)
        #expect(reply.status == 200, "\(reply.text)")

        try await TestPostgres.run(TestPostgres.script, ["stop", cluster])
        reply = try await post(receiver.url, lines: Array(lines[10..<20]), device: testDevice, first: 11)
        #expect(reply.status == 503, "\(reply.text)")
        #expect(reply.header("Retry-After") != nil)
        #expect(reply.json?["error"] == "unavailable")
        let state = try await HTTP.send("GET", receiver.url + "v1/devices/\(testDevice)")
        #expect(state.status == 503, "reads too say the database is away: \(state.text)")

        try await TestPostgres.run(TestPostgres.script, ["restart", cluster])
        var stored = false
        for _ in 0..<40 where !stored {
            reply = try await post(receiver.url, lines: Array(lines[10..<20]), device: testDevice, first: 11)
            stored = reply.status == 200
            if !stored { try await Task.sleep(for: .milliseconds(500)) }
        }
        #expect(stored, "the receiver recovers once PostgreSQL is back: \(reply.status) \(reply.text)")
        #expect(try await HTTP.receiverRecords(receiver.url, device: testDevice) == lines)
    }

    @Test("PostgreSQL unreachable at start: the receiver says so and exits non-zero, or waits when told to")
    func unreachableAtStart() async throws {
        let port = try await freePort()
        let url = "postgres://postgres@127.0.0.1:\(port)/postgres"
        let directory = TemporaryDirectory("receiver")
        try (registryLine() + "\n").write(toFile: directory.file("registry.ndjson"), atomically: true, encoding: .utf8)
        let key = try TestKeys.write(TestKeys.central, to: directory.file("central.key"))
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--data", directory.file("data"), "--registry", directory.file("registry.ndjson"),
                         "--receipt-key", key, "--postgres", url, "--port-file", directory.file("port")]
        let refused = try ChildProcess(CommandRunner.receiverPath, arguments)
        let status = await refused.wait()
        #expect(status != 0)
        #expect((refused.stdout + refused.stderr).contains("127.0.0.1:\(port)"), "the error names the database: \(refused.stderr)")

        let waiting = try ChildProcess(CommandRunner.receiverPath, arguments + ["--wait-for-database"])
        defer { waiting.signal(SIGKILL) }
        var logged = false
        for _ in 0..<100 where !logged {
            logged = waiting.stdout.contains("waiting for PostgreSQL")
            if !logged { try await Task.sleep(for: .milliseconds(100)) }
        }
        #expect(logged, "it says why it waits: \(waiting.stdout)")
        try await withOwnCluster(port: port) { _, _ in
            let listening = try await waitForPort(directory.file("port"), child: waiting, seconds: 60)
            #expect(listening > 0)
        }
    }

    private func freePort() async throws -> Int {
        let output = try await TestPostgres.run("/usr/bin/python3", ["-c", "import socket; s=socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])"])
        guard let port = Int(output.trimmingCharacters(in: .whitespacesAndNewlines)) else { throw TestFailure("no free port: \(output)") }
        return port
    }
}
