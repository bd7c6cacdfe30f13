import AgentTesting
import ClearanceProtocol
import Foundation
import Journal
import LaneAgentTesting
import LaneModel
import Testing

/// Officer entries are part of the signed reference data, and as hostile as any input: an entry
/// whose salt, hash or rounds are out of bounds is refused when the data is published and when a
/// board loads it, naming the officer and the field.
@Suite("Officers in the reference data")
struct OfficerReferenceTests {
    /// A well-formed entry, and the same with one field broken.
    static let good: [String: JSONValue] = [
        "id": "HN-0417", "salt": .string(Data(repeating: 1, count: 16).base64EncodedString()), "iterations": 100_000,
        "pinHash": .string(String(repeating: "ab", count: 32)),
    ]
    static let broken: [(field: String, value: JSONValue, says: String)] = [
        ("salt", .string(Data(repeating: 1, count: 8).base64EncodedString()), "officers[1] (HN-0417).salt is 8 bytes; it must be 16 to 64"),
        ("salt", .string(Data(repeating: 1, count: 65).base64EncodedString()), "officers[1] (HN-0417).salt is 65 bytes"),
        ("salt", "not base64!", "officers[1] (HN-0417).salt must be base64"),
        ("pinHash", .string(String(repeating: "ab", count: 16)), "officers[1] (HN-0417).pinHash is 16 bytes; it must be 32"),
        ("pinHash", "zz", "officers[1] (HN-0417).pinHash must be hex"),
        ("iterations", 1_000_000_000, "officers[1] (HN-0417).iterations is 1000000000; it must be from 100000 to 2000000"),
        ("iterations", 1_000, "officers[1] (HN-0417).iterations is 1000"),
        ("iterations", 1.5, "officers[1] (HN-0417).iterations must be an integer"),
        ("publicKey", "AAAA", "officers[1] (HN-0417).publicKey must be base64 of a raw 32-byte Ed25519 public key"),
        ("id", "HN 0417", "officers[1].id must be the officer's badge number"),
    ]

    static func body(officers: [JSONValue]) -> JSONValue {
        ["site": "huu-nghi-1119", "version": 1, "issuedAt": "2026-11-23T08:00:00.000Z", "officers": .array(officers)]
    }

    static func entry(_ field: String, _ value: JSONValue) -> JSONValue {
        var entry = good
        entry[field] = value
        return .object(entry)
    }

    @Test("each out-of-bounds field is refused by the parser, naming the officer and the field")
    func parserRefuses() throws {
        let first: JSONValue = .object(Self.good.merging(["id": "HN-0001"]) { $1 })
        for (field, value, says) in Self.broken {
            #expect(throws: ReferenceDataError.self, "\(field) = \(value)") { try ReferenceData(json: Self.body(officers: [first, Self.entry(field, value)])) }
            do {
                _ = try ReferenceData(json: Self.body(officers: [first, Self.entry(field, value)]))
            } catch {
                #expect(error.description.contains(says), "\(error.description)")
            }
        }
        let parsed = try ReferenceData(json: Self.body(officers: [first, .object(Self.good)]))
        #expect(parsed.officers?.map(\.id) == ["HN-0001", "HN-0417"])
        #expect(try ReferenceData(json: ["site": "s", "version": 1, "issuedAt": "2026-11-23T08:00:00.000Z"]).officers == nil, "older data lists none")
        #expect(throws: ReferenceDataError.self) { try ReferenceData(json: Self.body(officers: [.object(Self.good), .object(Self.good)])) }
        #expect(throws: ReferenceDataError.self) { try ReferenceData(json: ["site": "s", "version": 1, "issuedAt": "2026-11-23T08:00:00.000Z", "officers": "HN-0417"]) }
    }

    @Test("clearance-receiver reference publish refuses a malformed officer with exit 2, naming the officer and the field")
    func publishRefuses() async throws {
        for (field, value, says) in Self.broken.prefix(6) {
            let folder = TemporaryDirectory("officers-publish")
            let path = folder.file("reference-\(field).json")
            try Data(CanonicalJSON.encode(Self.body(officers: [.object(Self.good.merging(["id": "HN-0001"]) { $1 }), Self.entry(field, value)])))
                .write(to: URL(fileURLWithPath: path))
            do {
                _ = try await TestOfficers.sign(path, site: "huu-nghi-1119", in: folder)
                Issue.record("published with a broken \(field)")
            } catch {
                #expect("\(error)".contains("failed (2)") && "\(error)".contains(says), "\(error)")
            }
        }
    }

    @Test("a board refuses signed reference data with a malformed officer: reference sync exits 1 naming the officer and field, and records a reference.fault")
    func boardRefuses() async throws {
        let folder = TemporaryDirectory("officers-board")
        let central = TestKeys.other
        // Signed as central would sign it, but with an entry no publisher would have let through.
        var data = try ReferenceData(json: Self.body(officers: [.object(Self.good)]))
        data.json = Self.body(officers: [.object(Self.good), Self.entry("iterations", 50_000_000)])
        let envelope = folder.file("reference.dsse.json")
        try Data(ReferenceEnvelope.sign(data, key: central)).write(to: URL(fileURLWithPath: envelope))
        let agent = try TestAgent(extraConfig: uplinkConfig("http://127.0.0.1:9/", extra: "central_key = \"\(Data(central.publicKeyBytes).base64EncodedString())\"")
                                  + "\n[reference]\nfile = \"\(envelope)\"\n")
        let sync = try await CommandRunner.laneagent(["reference", "sync", "--config", agent.configPath])
        #expect(sync.status == 1 && sync.stderr.contains("officers[1] (HN-0417).iterations is 50000000"), "\(sync.stderr)")
        let faults = try agent.records().filter { $0.kind == "reference.fault" }
        #expect(faults.count == 1 && faults.first?.body["message"]?.stringValue?.contains("officers[1] (HN-0417).iterations") == true, "\(faults.map(\.body))")
        let status = try await CommandRunner.laneagent(["reference", "status", "--config", agent.configPath])
        #expect(status.status == 1, "nothing is held: \(status.stdout)")
    }
}
