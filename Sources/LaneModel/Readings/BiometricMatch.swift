/// A face or fingerprint verification done by an access terminal: the terminal compares, we
/// record its verdict (and never the biometric itself, which goes to sealed evidence).
public struct BiometricMatch: Sendable, Hashable {
    public var passed: Bool
    /// The terminal's similarity score, scaled to 0…1, when it sends one.
    public var score: Double?
    /// The enrolled person's id on the terminal (employee number, user PIN), when matched.
    public var subject: String?
    /// The vendor's own event code (Hikvision sub-event, ZKTeco verify mode), for tracing.
    public var vendorEvent: String
    /// The terminal's liveness (anti-spoofing) verdict, when it reports one; nil when unknown.
    public var live: Bool?

    public init(passed: Bool, score: Double?, subject: String?, vendorEvent: String, live: Bool? = nil) {
        self.passed = passed
        self.score = score
        self.subject = subject
        self.vendorEvent = vendorEvent
        self.live = live
    }

    var members: [String: JSONValue] {
        var members: [String: JSONValue] = [
            "passed": .bool(passed), "score": score.map(JSONValue.number) ?? .null, "subject": subject.map(JSONValue.string) ?? .null,
            "vendorEvent": .string(vendorEvent),
        ]
        // Only terminals that report liveness get the key: records of the others stay as they were.
        if let live { members["live"] = .bool(live) }
        return members
    }
}
