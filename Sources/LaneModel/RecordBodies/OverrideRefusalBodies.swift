/// `override.refused`: an override refused before it reached the lane (the officer was not authenticated).
public struct OverrideRefusedBody: RecordBody {
    public var lane: String
    public var crossing: String
    public var decision: Decision
    public var officer: String
    /// Why, in one word (`wrong-pin`, `unknown-officer`, …).
    public var reason: String
    /// The credential sent (`pin`, `key`), nil when none was.
    public var method: String?
    public var at: Timestamp
    /// The officer's failures in the window; nil when the officer is not listed.
    public var failures: Int?

    public init(lane: String, crossing: String, decision: Decision, officer: String, reason: String, method: String?, at: Timestamp, failures: Int?) {
        self.lane = lane
        self.crossing = crossing
        self.decision = decision
        self.officer = officer
        self.reason = reason
        self.method = method
        self.at = at
        self.failures = failures
    }

    public var recordKind: RecordKind { .overrideRefused }

    public func write(to members: inout RecordMembers) {
        members.required("lane", lane)
        members.required("crossing", crossing)
        members.required("decision", decision)
        members.required("officer", officer)
        members.required("reason", reason)
        members.required("method", method)
        members.required("at", at)
        members.optional("failures", failures)
    }
}

/// `override.lockout`: too many refused overrides lock one officer, or the whole lane, until `until`.
public struct OverrideLockoutBody: RecordBody {
    public var lane: String
    public var failures: Int
    public var until: Timestamp
    /// The officer locked out; nil when the lane is.
    public var officer: String?

    public init(lane: String, failures: Int, until: Timestamp, officer: String?) {
        self.lane = lane
        self.failures = failures
        self.until = until
        self.officer = officer
    }

    public var recordKind: RecordKind { .overrideLockout }

    public func write(to members: inout RecordMembers) {
        members.required("lane", lane)
        members.required("failures", failures)
        members.required("until", until)
        members.required("scope", officer == nil ? "lane" : "officer")
        members.optional("officer", officer)
    }
}
