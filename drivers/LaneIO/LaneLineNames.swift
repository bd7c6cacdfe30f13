/// Which GPIO line (by device-tree name) does what for one lane; nil roles are not wired.
public struct LaneLineNames: Sendable, Hashable {
    public var entryLoop: String?
    public var exitLoop: String?
    public var passage: String?
    public var barrier: String?
    public var turnstile: String?
    public var green: String?
    public var red: String?
    /// A presence input must hold a level this long before it counts.
    public var debounceMilliseconds = 50
    /// How long the turnstile's release input is pulsed.
    public var turnstilePulseMilliseconds = 300

    public init(entryLoop: String? = nil, exitLoop: String? = nil, passage: String? = nil, barrier: String? = nil,
                turnstile: String? = nil, green: String? = nil, red: String? = nil) {
        self.entryLoop = entryLoop
        self.exitLoop = exitLoop
        self.passage = passage
        self.barrier = barrier
        self.turnstile = turnstile
        self.green = green
        self.red = red
    }
}
