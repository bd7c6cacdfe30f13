import Foundation
import LaneModel

/// Officers for a test daemon, made the way a site makes them: each enrolled with the real
/// `laneagent officer enrol`, listed in a reference body that the real `clearance-receiver
/// reference publish` signs. `config` is the configuration to add to the agent's: `[uplink]`
/// pinning the central key (its url a closed port, so nothing is ever uploaded, and a 1 s
/// request timeout, so the daemon stops at once rather than after a connection attempt) and
/// `[reference] file` naming the signed copy, which the daemon takes at start.
public struct TestOfficers: Sendable {
    /// An officer to enrol: id, PIN, and whether to make a key for them too.
    public struct Enrolment: Sendable {
        public var id: String
        public var pin: String
        public var withKey: Bool

        public init(_ id: String, pin: String, withKey: Bool = false) {
            self.id = id
            self.pin = pin
            self.withKey = withKey
        }
    }

    /// Configuration text to append to the agent's.
    public let config: String
    /// The signed reference envelope.
    public let envelope: String
    /// Where each officer's key was written, for those enrolled `withKey`.
    public let keys: [String: String]

    /// The fewest PBKDF2 rounds the reference data allows: the tests hash many PINs.
    public static let iterations = 100_000

    /// Enrols `officers` (none: a reference body without an `officers` list, as older data is)
    /// and publishes the body for `site`, issued two days ago so the lanes hold it stale and keep
    /// referring everyone, whatever this machine's clock says: an officer must decide.
    public static func publish(_ officers: [Enrolment]?, site: String = "huu-nghi-1119", in folder: TemporaryDirectory) async throws -> TestOfficers {
        var entries: [JSONValue] = []
        var keys: [String: String] = [:]
        for officer in officers ?? [] {
            var arguments = ["officer", "enrol", "--id", officer.id, "--pin-stdin", "--iterations", "\(iterations)"]
            if officer.withKey {
                keys[officer.id] = folder.file("officer-\(officer.id).key")
                arguments += ["--key-out", keys[officer.id]!]
            }
            let enrolled = try await CommandRunner.laneagent(arguments, input: officer.pin + "\n")
            guard enrolled.status == 0 else { throw TestOfficersError("officer enrol \(officer.id) failed: \(enrolled.stderr)") }
            entries.append(try JSONParser.parse(Array(enrolled.stdout.utf8)))
        }
        var body: [String: JSONValue] = [
            "version": 1, "issuedAt": .string(Timestamp(millisecondsSinceEpoch: Timestamp.now().millisecondsSinceEpoch - 2 * 86_400_000).rfc3339),
            "vehicles": [], "watchlist": ["plates": [], "documents": [], "subjects": []],
        ]
        if officers != nil { body["officers"] = .array(entries) }
        try Data(CanonicalJSON.encode(.object(body))).write(to: URL(fileURLWithPath: folder.file("reference.json")))
        let (envelope, centralKey) = try await sign(folder.file("reference.json"), site: site, in: folder)
        let config = """

            [uplink]
            url = "http://127.0.0.1:9/"
            request_timeout_seconds = 1
            central_key = "\(centralKey)"

            [reference]
            file = "\(envelope)"
            """
        return TestOfficers(config: config, envelope: envelope, keys: keys)
    }

    /// Publishes the reference body at `path` with a new central key; returns the envelope's path
    /// and the central public key (base64), or throws with what `clearance-receiver` said.
    public static func sign(_ path: String, site: String, in folder: TemporaryDirectory) async throws -> (envelope: String, centralKey: String) {
        let receiver = CommandRunner.receiverPath
        let created = try await CommandRunner.run(receiver, ["keys", "init", "--out", folder.file("central.key"), "--json"])
        guard created.status == 0, let centralKey = try JSONParser.parse(Array(created.stdout.utf8))["publicKey"]?.stringValue else {
            throw TestOfficersError("clearance-receiver keys init failed: \(created.stderr)")
        }
        let published = try await CommandRunner.run(receiver, ["reference", "publish", "--data", folder.file("receiver"), "--key", folder.file("central.key"),
                                                               "--site", site, "--file", path, "--json"])
        guard published.status == 0, let envelope = try JSONParser.parse(Array(published.stdout.utf8))["path"]?.stringValue else {
            throw TestOfficersError("clearance-receiver reference publish failed (\(published.status)): \(published.stderr)")
        }
        return (envelope, centralKey)
    }
}

/// A step of making officers that failed, with what the command said.
public struct TestOfficersError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
