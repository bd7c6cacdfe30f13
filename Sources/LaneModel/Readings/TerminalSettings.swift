/// How a face or fingerprint terminal is set up, as its installer declared in `[[devices]]`:
/// real terminals decide a match by their own threshold and refuse spoofs by their own
/// liveness check, and send only the verdict. Recorded with each reading, so a decision that
/// relied on them says what the terminal was trusted for.
public struct TerminalSettings: RecordObject, Hashable {
    /// `match_threshold`: the terminal's own match threshold, in its own scale; nil when not declared.
    public var matchThreshold: Double?
    /// `liveness_check`: the terminal's anti-spoofing check is on, so it passes no face it
    /// judged a spoof.
    public var livenessCheck: Bool

    public init(matchThreshold: Double? = nil, livenessCheck: Bool = false) {
        self.matchThreshold = matchThreshold
        self.livenessCheck = livenessCheck
    }

    /// These settings, or nil when nothing was declared (records then carry no `terminal` key).
    public var declared: TerminalSettings? { self == TerminalSettings() ? nil : self }

    public func write(to members: inout RecordMembers) {
        members.required("matchThreshold", matchThreshold)
        members.required("livenessCheck", livenessCheck)
    }
}
