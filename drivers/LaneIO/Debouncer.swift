import LaneModel

/// Turns a raw input's edges into a steady level: a new level counts only once it has held for
/// the window, so a glitch shorter than the window (a bouncing relay, a bicycle over a loop's
/// edge) is dropped. Pure: time comes in with each call.
public struct Debouncer: Sendable, Hashable {
    /// A level that held for the window, stamped with the time it began.
    public struct Change: Sendable, Hashable {
        public var level: Bool
        public var since: Timestamp
    }

    /// How long a level must hold before it counts.
    public let windowMilliseconds: Int64
    /// The level last reported (or the initial one).
    public private(set) var level: Bool
    /// A raw level that differs from `level` and has not yet held for the window.
    public private(set) var pendingLevel: Bool?
    private var pendingSince = Timestamp(millisecondsSinceEpoch: 0)

    /// Starts at `initial`, taken as already steady.
    public init(windowMilliseconds: Int, initial: Bool) {
        self.windowMilliseconds = Int64(max(0, windowMilliseconds))
        self.level = initial
    }

    /// When the pending level will count if nothing changes before then.
    public var deadline: Timestamp? {
        pendingLevel.map { _ in Timestamp(millisecondsSinceEpoch: pendingSince.millisecondsSinceEpoch + windowMilliseconds) }
    }

    /// A raw edge to `value` at `time`: first settles a pending level that held until `time`, then
    /// starts (or drops) the pending one. Returns the change that became steady, if any.
    public mutating func raw(_ value: Bool, at time: Timestamp) -> Change? {
        let settled = advance(to: time)
        if let pendingLevel {
            // A second edge to the same pending level changes nothing; an edge back drops the glitch.
            if value != pendingLevel { self.pendingLevel = nil }
        } else if value != level {
            pendingLevel = value
            pendingSince = time
        }
        // A zero window counts at once, so nothing is ever left pending between calls.
        if settled == nil, windowMilliseconds == 0 { return advance(to: time) }
        return settled
    }

    /// Time passed to `time` with no edge: reports the pending level if it has now held for the window.
    public mutating func advance(to time: Timestamp) -> Change? {
        guard let pendingLevel, let deadline, time >= deadline else { return nil }
        let change = Change(level: pendingLevel, since: pendingSince)
        level = pendingLevel
        self.pendingLevel = nil
        return change
    }
}
