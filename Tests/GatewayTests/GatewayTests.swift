import AgentTesting
import AsyncHTTPClient
import ClearanceProtocol
import Crypto
import Foundation
import NIOCore
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// `laneagent run` with network devices: the simulators post over loopback in each vendor's wire
/// format and the journal holds exactly the readings they carried; refusals leave the server
/// healthy and are recorded as faults.
@Suite("Device gateway", .timeLimit(.minutes(3)))
struct GatewayTests {
    static let devices = """
        [http]
        listen = "127.0.0.1:0"
        max_body_kb = 1024

        [evidence]
        seal_to = "\(CentralEvidenceKey.publicBase64)"

        [[devices]]
        id = "plate-1"
        kind = "plate-reader"
        driver = "hikvision-anpr"
        address = ["127.0.0.0/8", "::1"]

        [[devices]]
        id = "plate-2"
        kind = "plate-reader"
        driver = "generic-plate-json"
        address = "10.9.9.9"

        [[devices]]
        id = "face-1"
        kind = "face-terminal"
        driver = "hikvision-access"
        address = "127.0.0.1"

        [[devices]]
        id = "finger-1"
        kind = "fingerprint-terminal"
        driver = "zkteco-push"
        address = "127.0.0.1"
        serial = "CKJX201960001"

        [[devices]]
        id = "xray-1"
        kind = "xray"
        driver = "generic-scan-json"
        address = "127.0.0.1"

        [[devices]]
        id = "ocr-1"
        kind = "container-ocr"
        driver = "generic-container-json"
        address = "127.0.0.1"
        """

    @Test("simulators post in each wire format; the journal holds exactly their readings, evidence stored by hash")
    func readingsFromEveryDevice() async throws {
        let agent = try TestAgent(extraConfig: Self.devices)
        let running = try await RunningAgent(agent)
        func simulate(_ arguments: String...) async throws {
            let output = try await CommandRunner.laneagent(["diag", "simulate"] + arguments)
            #expect(output.status == 0, "\(arguments.joined(separator: " ")): \(output.stdout) \(output.stderr)")
        }
        try await simulate("anpr", "--target", running.url("plate-1"), "--plate", "桂A12345", "--count", "2", "--interval-ms", "0")
        try await simulate("face", "--target", running.url("face-1"), "--event", "face-pass")
        try await simulate("zkteco", "--target", running.base, "--serial", "CKJX201960001", "--count", "3", "--interval-ms", "0")
        // eSSL firmware's .aspx paths, and access-control firmware's registration and rtlog upload.
        try await simulate("zkteco", "--target", running.base, "--serial", "CKJX201960001", "--count", "1", "--interval-ms", "0", "--aspx")
        try await simulate("zkteco", "--target", running.base, "--serial", "CKJX201960001", "--count", "2", "--interval-ms", "0",
                           "--push", "security", "--verify", "face")
        try await simulate("zkteco", "--target", running.base, "--serial", "CKJX201960001", "--count", "1", "--interval-ms", "0",
                           "--push", "security", "--event", "27")
        try await simulate("scan", "--target", running.url("xray-1"), "--verdict", "suspect", "--container", "CSQU3054383", "--image-kb", "50")
        try await simulate("container", "--target", running.url("ocr-1"), "--code", "CSQU3054383", "--code", "MSCU6639871")
        #expect(await running.stop() == 0)

        let records = try agent.records()
        let readings = records.filter { $0.kind.hasPrefix("reading.") }
        #expect(readings.map(\.kind).sorted() == [
            "reading.container", "reading.container", "reading.face", "reading.face", "reading.face",
            "reading.fingerprint", "reading.fingerprint", "reading.fingerprint", "reading.fingerprint", "reading.fingerprint",
            "reading.plate", "reading.plate", "reading.scan",
        ])
        let refused = readings.filter { $0.kind == "reading.fingerprint" && $0.body["passed"] == false }
        #expect(refused.count == 1 && refused.first?.body["subject"] == .null, "rtlog event 27: an unregistered person, refused")
        #expect(!records.contains { $0.kind == "device.fault" }, "\(records.filter { $0.kind == "device.fault" }.map(\.body))")

        let plate = try #require(readings.first { $0.kind == "reading.plate" })
        #expect(plate.body["plate"] == "桂A12345" && plate.body["country"] == "CN" && plate.body["device"] == "plate-1")
        let plateEvidence = plate.body["evidence"]?.arrayValue ?? []
        #expect(plateEvidence.count == 2 && plateEvidence.allSatisfy { $0["sealed"] == false && $0["mediaType"] == "image/jpeg" })
        let evidence = try agent.evidenceStore()
        for item in plateEvidence {
            let hash = try #require(item["sha256"]?.stringValue)
            let bytes = try #require(evidence.contents(hash), "evidence \(hash) is missing")
            #expect(Hex.encode(SHA256.hash(data: bytes)) == hash && Double(bytes.count) == item["size"]?.numberValue)
        }

        let containers = readings.filter { $0.kind == "reading.container" }
        #expect(containers.map { $0.body["valid"] } == [true, false], "MSCU6639871's check digit is wrong (docs/protocols.md, ISO 6346)")

        let face = try #require(readings.first { $0.kind == "reading.face" })
        #expect(face.body["passed"] == true && face.body["score"] == .null && face.body["subject"] == "1001")
        let sealed = try #require(face.body["evidence"]?.arrayValue?.first)
        #expect(sealed["sealed"] == true && sealed["role"] == "face")
        let sealedHash = try #require(sealed["sha256"]?.stringValue)
        let stored = try #require(evidence.contents(sealedHash))
        #expect(EvidenceSeal.isSealed(stored))
        let opened = try EvidenceSeal.open(stored, with: Array(CentralEvidenceKey.privateKey.rawRepresentation))
        #expect(opened.starts(with: [0xFF, 0xD8]), "the face picture opens with the central key")
    }

    @Test("a refused source, an oversize body and a malformed event get 403, 413 and 400; the server stays healthy; the malformed one is a fault")
    func refusals() async throws {
        let agent = try TestAgent(extraConfig: Self.devices)
        let running = try await RunningAgent(agent)
        let refused = try await CommandRunner.laneagent(["diag", "simulate", "anpr", "--target", running.url("plate-2"), "--driver", "generic-plate-json"])
        #expect(refused.status == 1 && refused.stdout.contains("403"), "\(refused.stdout) \(refused.stderr)")
        let oversize = try await CommandRunner.laneagent(["diag", "simulate", "anpr", "--target", running.url("plate-1"), "--image-kb", "2000"])
        #expect(oversize.status == 1 && oversize.stdout.contains("413"), "\(oversize.stdout) \(oversize.stderr)")
        let malformed = try await RawHTTP.post(running.url("xray-1"), contentType: "application/json", body: Array(#"{"scanId": 7, "verdict": "maybe"}"#.utf8))
        #expect(malformed.status == 400 && !malformed.text.isEmpty)
        let garbage = try await RawHTTP.post(running.url("xray-1"), contentType: "application/json", body: Array("not json at all".utf8))
        #expect(garbage.status == 400)
        let unknown = try await RawHTTP.post(running.url("nobody"), contentType: "application/json", body: [])
        #expect(unknown.status == 404)
        // Still serving: a good event after all that is recorded.
        let good = try await CommandRunner.laneagent(["diag", "simulate", "scan", "--target", running.url("xray-1"), "--image-kb", "0"])
        #expect(good.status == 0, "\(good.stdout) \(good.stderr)")
        #expect(await running.stop() == 0)

        let records = try agent.records()
        #expect(records.filter { $0.kind.hasPrefix("reading.") }.map(\.kind) == ["reading.scan"])
        let faults = records.filter { $0.kind == "device.fault" }
        // Two malformed events within the rate limit: one fault record.
        #expect(faults.count == 1 && faults.first?.body["device"] == "xray-1", "\(faults.map(\.body))")
        #expect(running.child.stdout.contains("refused an event from a source outside the device's address list"))
    }
}

extension TestAgent {
    func evidenceStore() throws -> EvidenceStoreReader { EvidenceStoreReader(directory: config.agent.stateDirectory + "/evidence") }
}

/// Reads evidence files as stored, without the agent's index.
struct EvidenceStoreReader {
    let directory: String
    func contents(_ sha256: String) -> [UInt8]? {
        FileManager.default.contents(atPath: "\(directory)/\(sha256.prefix(2))/\(sha256)").map(Array.init)
    }
}

/// Evidence reaches central once the record that refers to it was acknowledged.
@Suite("Evidence upload", .timeLimit(.minutes(2)))
struct EvidenceUploadTests {
    @Test("sealed and plain evidence are uploaded after their records; the receiver keeps a file only under its own hash")
    func upload() async throws {
        let directory = TemporaryDirectory("receiver")
        let agent = try TestAgent(extraConfig: GatewayTests.devices + "\n\n[uplink]\nurl = \"http://127.0.0.1:1/\"\nretry_max_seconds = 1\n")
        let registry = directory.file("registry.ndjson")
        try "{\"device\":\"\(agent.config.agent.device)\",\"keyid\":\"\(agent.key.keyID)\",\"publicKey\":\"\(Data(agent.key.publicKeyBytes).base64EncodedString())\"}\n"
            .write(toFile: registry, atomically: true, encoding: .utf8)
        let portFile = directory.file("port")
        let receiptKey = try TestKeys.write(TestKeys.central, to: directory.file("central.key"))
        let arguments = ["serve", "--listen", "127.0.0.1:0", "--data", directory.file("data"), "--registry", registry, "--port-file", portFile,
                         "--receipt-key", receiptKey]
        let receiver = try ChildProcess(CommandRunner.receiverPath, arguments)
        defer { receiver.signal(SIGKILL) }
        var port = ""
        for _ in 0..<300 where port.isEmpty {
            port = ((try? String(contentsOfFile: portFile, encoding: .utf8)) ?? "").trimmingCharacters(in: .whitespacesAndNewlines)
            try await Task.sleep(for: .milliseconds(50))
        }
        let central = "http://127.0.0.1:\(port)"
        let text = try String(contentsOfFile: agent.configPath, encoding: .utf8).replacingOccurrences(of: "http://127.0.0.1:1/", with: central + "/")
        try text.write(toFile: agent.configPath, atomically: true, encoding: .utf8)

        let running = try await RunningAgent(agent)
        let face = try await CommandRunner.laneagent(["diag", "simulate", "face", "--target", running.url("face-1")])
        let plate = try await CommandRunner.laneagent(["diag", "simulate", "anpr", "--target", running.url("plate-1"), "--image-kb", "20"])
        #expect(face.status == 0 && plate.status == 0, "\(face.stdout) \(plate.stdout)")
        let hashes = try agent.records().filter { $0.kind.hasPrefix("reading.") }
            .flatMap { $0.body["evidence"]?.arrayValue ?? [] }.compactMap { $0["sha256"]?.stringValue }
        #expect(hashes.count == 3)
        var held: [String: [UInt8]] = [:]
        for _ in 0..<300 where held.count < hashes.count {
            for hash in hashes where held[hash] == nil {
                let answer = try await RawHTTP.get("\(central)/v1/evidence/\(hash)")
                if answer.status == 200 { held[hash] = answer.body }
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        #expect(await running.stop() == 0)
        #expect(held.count == hashes.count, "central holds \(held.count) of \(hashes.count) evidence files")
        for (hash, bytes) in held { #expect(Hex.encode(SHA256.hash(data: bytes)) == hash) }
        #expect(held.values.contains { EvidenceSeal.isSealed($0) }, "the face picture reaches central sealed")

        // Under a hash a record names, other bytes are refused; a hash no record names is refused
        // before its body is read.
        var forged = HTTPClientRequest(url: "\(central)/v1/evidence/\(hashes[0])")
        forged.method = .PUT
        forged.headers.add(name: "LaneAgent-Device", value: agent.config.agent.device)
        forged.body = .bytes(ByteBuffer(bytes: [1, 2, 3]))
        #expect(try await HTTPClient.shared.execute(forged, timeout: .seconds(10)).status.code == 422)
        var unnamed = HTTPClientRequest(url: "\(central)/v1/evidence/\(String(repeating: "0", count: 64))")
        unnamed.method = .PUT
        unnamed.headers.add(name: "LaneAgent-Device", value: agent.config.agent.device)
        unnamed.body = .bytes(ByteBuffer(bytes: [1, 2, 3]))
        #expect(try await HTTPClient.shared.execute(unnamed, timeout: .seconds(10)).status.code == 403)
        var stranger = HTTPClientRequest(url: "\(central)/v1/evidence/\(hashes[0])")
        stranger.method = .PUT
        stranger.headers.add(name: "LaneAgent-Device", value: "nobody")
        #expect(try await HTTPClient.shared.execute(stranger, timeout: .seconds(10)).status.code == 403)
    }
}
