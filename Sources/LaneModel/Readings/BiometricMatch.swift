/// A face or fingerprint verification done by an access terminal: the terminal compares, we
/// record its verdict (and never the biometric itself, which goes to sealed evidence). Real
/// terminals send a verdict by their own threshold and no score; `terminal` says how the
/// terminal was set up, which the rule pack may accept in place of a score and a liveness flag.
public struct BiometricMatch: RecordObject, Hashable {
    public var passed: Bool
    /// The terminal's similarity score, scaled to 0…1, when it sends one.
    public var score: Double?
    /// The enrolled person's id on the terminal (employee number, user PIN), when matched.
    public var subject: String?
    /// The vendor's own event code (Hikvision sub-event, ZKTeco verify mode), for tracing.
    public var vendorEvent: String
    /// The terminal's liveness (anti-spoofing) verdict, when it reports one; nil when unknown.
    public var live: Bool?
    /// The terminal's declared setup; nil for readings that did not come from a configured terminal.
    public var terminal: TerminalSettings?

    public init(passed: Bool, score: Double?, subject: String?, vendorEvent: String, live: Bool? = nil,
                terminal: TerminalSettings? = nil) {
        self.passed = passed
        self.score = score
        self.subject = subject
        self.vendorEvent = vendorEvent
        self.live = live
        self.terminal = terminal
    }

    public func write(to members: inout RecordMembers) {
        members.required("passed", passed)
        members.required("score", score)
        members.required("subject", subject)
        members.required("vendorEvent", vendorEvent)
        // Only terminals that report liveness get the key: records of the others stay as they were.
        members.optional("live", live)
        members.optional("terminal", terminal)
    }
}
