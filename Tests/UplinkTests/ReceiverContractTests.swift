import AgentTesting
import ClearanceProtocol
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Records
import Testing

/// `clearance-receiver` answers every bad upload with the contract's error and stores nothing
/// from it; all traffic here is recorded and checked against deploy/openapi/clearance-v1.yaml.
@Suite("clearance-receiver and the contract", .serialized)
struct ReceiverContractTests {
    /// Posts a batch; `malformed` marks a request broken on purpose, so the contract check
    /// expects it not to conform and checks only that the answer is a declared 4xx.
    private func post(_ base: String, lines: [[UInt8]], key: String, gzip: Bool = true,
                      contentType: String = "application/x-ndjson", malformed: Bool = false) async throws -> HTTP.Response {
        var ndjson: [UInt8] = []
        for line in lines { ndjson += line + [UInt8(ascii: "\n")] }
        var headers = [("Content-Type", contentType), ("Content-Encoding", "gzip"), ("Idempotency-Key", key)]
        if malformed { headers.append(("X-Contract-Test", "bad-request")) }
        return try await HTTP.send("POST", base + "v1/records:batch", headers: headers, body: gzip ? Gzip.compress(ndjson) : ndjson)
    }

    @Test("bad batches get the contract's errors and leave nothing stored; traffic conforms to the OpenAPI document")
    func rejectionsAndContract() async throws {
        // Each device its own key: the registry refuses one key registered for two devices.
        let secondLane = try DeviceKey(seed: Array(repeating: 0x04, count: 32))
        let receiver = try await ReceiverProcess(registryLines: [registryLine(), registryLine(device: "HN1119-C04", key: secondLane)],
                                           extra: ["--max-body-bytes", "16384"])
        let proxy = try await FaultProxy(upstreamPort: receiver.port)
        let base = proxy.url
        let agent = try TestAgent()
        try await agent.append(60)
        let lines = try agent.journalLines()
        let other = try TestAgent()  // same device and key, different records: a fork
        try await other.append(5)
        let forked = try other.journalLines()
        let impostor = try TestAgent(key: TestKeys.other)  // same device, unregistered key
        try await impostor.append(1)

        var reply = try await post(base, lines: Array(lines[0..<10]), key: "\(testDevice):1-10")
        #expect(reply.status == 200)
        #expect(reply.json?["acceptedThrough"]?.integerValue == 10)
        reply = try await post(base, lines: Array(lines[0..<10]), key: "\(testDevice):1-10")
        #expect(reply.status == 200, "a resend of held records is accepted again")
        #expect(reply.json?["acceptedThrough"]?.integerValue == 10)

        reply = try await post(base, lines: Array(lines[14..<20]), key: "\(testDevice):15-20")
        #expect(reply.status == 409)
        #expect(reply.json?["error"] == "gap")
        #expect(reply.json?["expectedSeq"]?.integerValue == 11)

        reply = try await post(base, lines: forked, key: "\(testDevice):1-5")
        #expect(reply.status == 409)
        #expect(reply.json?["error"] == "fork")
        #expect(reply.json?["seq"]?.integerValue == 1)

        var tampered = try Envelope(parsing: lines[10])
        tampered.signatures[0].signature[0] ^= 0x01
        reply = try await post(base, lines: [tampered.encoded()], key: "\(testDevice):11-11")
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "bad-signature")
        #expect(reply.json?["seq"]?.integerValue == 11)

        reply = try await post(base, lines: [Array("{not json".utf8)], key: "\(testDevice):11-11", malformed: true)
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "malformed-envelope")

        reply = try await post(base, lines: [lines[10]], key: "\(testDevice):11-11", gzip: false, malformed: true)
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "bad-gzip")

        reply = try await post(base, lines: [lines[10], lines[12]], key: "\(testDevice):11-12")
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "bad-request", "a batch must be one contiguous run")

        reply = try await post(base, lines: [lines[10]], key: "nobody:11-11")
        #expect(reply.status == 403)
        #expect(reply.json?["error"] == "unknown-device")

        // A key naming a huge range (a one-byte body, no signature) once made the receiver
        // allocate for the whole range and die. Refused before anything is read; it stays up.
        // Keys the spec's pattern allows get a declared 400; the 23-digit one breaks the pattern.
        for (huge, malformed) in [("\(testDevice):1-1000000000000", false), ("\(testDevice):1-9223372036854775807", false),
                                  ("\(testDevice):11-100011", false), ("\(testDevice):1-99999999999999999999999", true)] {
            reply = try await post(base, lines: malformed ? [Array("x".utf8)] : [lines[10]], key: huge, malformed: malformed)
            #expect(reply.status == 400, "\(huge)")
            #expect(reply.json?["error"] == "bad-request")
            #expect(reply.json?["message"]?.stringValue?.contains("at most 100000 records") == true)
        }
        reply = try await post(base, lines: [lines[10]], key: "nobody:1-1000000000000")
        #expect(reply.status == 400, "the range is checked before the device")

        reply = try await post(base, lines: try impostor.journalLines(), key: "\(testDevice):1-1")
        #expect(reply.status == 401)
        #expect(reply.json?["error"] == "unknown-key")

        reply = try await post(base, lines: Array(lines[10..<60]), key: "\(testDevice):11-60")
        #expect(reply.status == 413, "50 records decompress past the 16 KiB limit")
        #expect(reply.json?["error"] == "too-large")

        reply = try await post(base, lines: [lines[10]], key: "\(testDevice):11-11", contentType: "application/json", malformed: true)
        #expect(reply.status == 415)

        reply = try await post(base, lines: [lines[10]], key: "not a key", malformed: true)
        #expect(reply.status == 400)
        #expect(reply.json?["error"] == "bad-request")

        let state = try #require(try await HTTP.send("GET", base + "v1/devices/\(testDevice)").json)
        #expect(state["acceptedThrough"]?.integerValue == 10, "nothing from a refused batch was stored")
        #expect(state["records"]?.integerValue == 10)
        #expect(try await HTTP.send("GET", base + "v1/devices/nobody").status == 404)
        #expect(try await HTTP.send("GET", base + "v1/devices/\(testDevice)/records?from=0",
                                          headers: [("X-Contract-Test", "bad-request")]).status == 400)
        #expect(try await HTTP.send("GET", base + "v1/devices/\(testDevice)/records?from=3&limit=2").body.split(separator: 10).count == 2)
        #expect(try await HTTP.send("GET", base + "v1/reference/nowhere").status == 404)
        #expect(try await HTTP.send("GET", base + "v1/health").status == 200)

        // The feed holds the ten stored records, in order, whole; paged through its cursors.
        var fed: [[UInt8]] = []
        var after = "0-0"
        for _ in 0..<6 {
            let page = try #require(try await HTTP.send("GET", base + "v1/feed?after=\(after)&limit=4").json)
            guard case .string(let next)? = page["next"], let entries = page["records"]?.arrayValue, !entries.isEmpty else { break }
            fed += entries.compactMap { $0["envelope"] }.map { CanonicalJSON.encode($0) }
            after = next
        }
        #expect(try fed == lines[0..<10].map { CanonicalJSON.encode(try JSONParser.parse($0)) }, "the feed is the stored chain, in order")
        #expect(try await HTTP.send("GET", base + "v1/feed?after=nonsense", headers: [("X-Contract-Test", "bad-request")]).status == 400)

        // The real uploader's traffic goes through the same recording proxy: a clean upload of
        // another lane, and one whose records differ from those held (a fork).
        let clean = try TestAgent(device: "HN1119-C04", key: secondLane, extraConfig: uplinkConfig(base, extra: "batch_max_records = 20"))
        try await clean.append(50)
        #expect(try await clean.push().status == 0)
        let uploading = try TestAgent(extraConfig: uplinkConfig(base, extra: "batch_max_records = 20"))
        try await uploading.append(10)
        let pushed = try await uploading.push()
        #expect(pushed.status == 1, "different records at held seqs: the agent reports the fork")
        #expect(pushed.stderr.contains("ALARM"))

        #expect(receiver.log.contains("reason=bad-signature"))
        #expect(receiver.log.contains("device=\(testDevice)"))

        let check = try await CommandRunner.run("/usr/bin/env", ["python3", TestFiles.scripts + "/contract_check.py", "--spec", TestFiles.spec, "--exchanges",
                                                                 proxy.recording, "--min-exchanges", "20"])
        #expect(check.status == 0, "\(check.stdout)\(check.stderr)")
    }

    @Test("a refused batch is an uplink.fault record and shows in uplink status, recorded once")
    func rejectionRecordsFault() async throws {
        let receiver = try await ReceiverProcess(registryLines: [registryLine(key: TestKeys.other)])
        let agent = try TestAgent(extraConfig: uplinkConfig(receiver.url))
        try await agent.append(20)
        let first = try await agent.push()
        #expect(first.status == 1)
        #expect(first.stderr.contains("LA-UPLINK-003"))
        #expect(first.stderr.contains("unknown-key"))
        let second = try await agent.push()
        #expect(second.status == 1)

        let status = try await CommandRunner.laneagent(["uplink", "status", "--config", agent.configPath, "--json"])
        #expect(status.status == 1)
        let json = try JSONParser.parse(Array(status.stdout.utf8))
        #expect(json["fault"]?["code"] == "uplink.rejected")
        #expect(json["fault"]?["status"]?.integerValue == 401)
        #expect(json["pending"]?.integerValue ?? 0 >= 20)
        let faults = try agent.journalLines().compactMap { line -> Record? in
            let envelope = try Envelope(parsing: line)
            return try Record(parsing: try JSONParser.parse(envelope.payload))
        }.filter { $0.kind == "uplink.fault" }
        #expect(faults.count == 1, "the same refusal is recorded once, not at every retry")
    }
}
