import Agent
import Lanes
import LaneModel

/// Drives the production lanes with replayed events, on the events' clock, and runs their actions
/// as the daemon would: a decision or override is "committed" (printed, never journalled) and
/// reported back to its lane, whose actuations are printed in turn. Pure apart from `output`.
public struct ReplayRunner {
    /// Ticks at one instant beyond which a lane that keeps its deadline is left alone (a lane
    /// bug must not hang replay).
    static let maximumTicksPerAdvance = 10_000
    /// How deep a commit may lead to further commits within one input.
    static let maximumActionDepth = 32

    /// The lanes, in configuration order.
    public private(set) var lanes: [Lane]
    private let index: [String: Int]
    private let output: (ReplayOutput) -> Void
    /// The replay clock: the newest event time (or deadline) applied so far.
    public private(set) var clock: Timestamp?
    /// Crossings, decisions, overrides and actuations so far (`events` and `badLines` are the
    /// caller's, who sees every line).
    public private(set) var counts = ReplayCounts()
    /// Clock lines without a time that came before any timed event: applied at the first event's time.
    private var pendingClock: [ReplayEvent] = []

    /// A runner over `lanes` (each built with its rule pack, reference data and clock state),
    /// printing through `output`.
    public init(lanes: [Lane], output: @escaping (ReplayOutput) -> Void) {
        self.lanes = lanes
        var index: [String: Int] = [:]
        for (position, lane) in lanes.enumerated() where index[lane.id] == nil { index[lane.id] = position }
        self.index = index
        self.output = output
    }

    /// Applies one event: first every deadline up to its time, in time order, then the event.
    /// Throws when the line cannot be applied: earlier than the replay clock (nothing changes),
    /// or an override the lane refused (the deadlines before it have fired).
    public mutating func apply(_ event: ReplayEvent) throws(ReplayLineError) {
        guard let time = event.at ?? clock else {
            pendingClock.append(event)
            return
        }
        if let clock, time < clock {
            throw ReplayLineError(line: event.line, "at \(time) is before \(clock), the time already replayed; events must be in time order")
        }
        fireDeadlines(through: time)
        clock = time
        let pending = pendingClock
        pendingClock = []
        for early in pending { deliver(early, at: time) }
        switch event.action {
        case .input:
            deliver(event, at: time)
        case .override(let crossing, let decision, let officer, let reason):
            guard let position = event.lanes.first.flatMap({ index[$0] }) else { return }
            let actions: [LaneAction]
            do {
                actions = try lanes[position].override(crossing: crossing, decision: decision, officer: officer, reason: reason, at: time)
            } catch {
                throw ReplayLineError(line: event.line, "override refused (\(error.code)): \(error.description)")
            }
            perform(actions, lane: position, at: time, depth: 0)
        }
    }

    /// The end of the input: every deadline still set fires, at its own time, and so do the
    /// deadlines those set in turn (bounded).
    public mutating func finish() {
        if !pendingClock.isEmpty, let time = clock {
            let pending = pendingClock
            pendingClock = []
            for early in pending { deliver(early, at: time) }
        }
        fireDeadlines(through: nil)
    }

    private mutating func deliver(_ event: ReplayEvent, at time: Timestamp) {
        guard case .input(let input) = event.action else { return }
        for lane in event.lanes {
            guard let position = index[lane] else { continue }
            perform(lanes[position].handle(input, at: time), lane: position, at: time, depth: 0)
        }
    }

    /// Fires deadlines ≤ `limit` (all of them when nil) earliest first, lanes in configuration
    /// order on a tie, each `.tick` at its deadline's time.
    private mutating func fireDeadlines(through limit: Timestamp?) {
        var stuck: Set<Int> = []
        var ticks = 0
        while ticks < Self.maximumTicksPerAdvance * max(1, lanes.count) {
            var earliest: (position: Int, deadline: Timestamp)?
            for (position, lane) in lanes.enumerated() where !stuck.contains(position) {
                guard let deadline = lane.nextDeadline else { continue }
                if let limit, deadline > limit { continue }
                if earliest == nil || deadline < earliest!.deadline { earliest = (position, deadline) }
            }
            guard let (position, deadline) = earliest else { return }
            // A deadline already behind the replay clock fires now: time never runs backwards.
            let time = max(deadline, clock ?? deadline)
            clock = time
            perform(lanes[position].handle(.tick, at: time), lane: position, at: time, depth: 0)
            ticks += 1
            if let next = lanes[position].nextDeadline, next <= time { stuck.insert(position) }
        }
    }

    /// Runs `actions` as the daemon's lane runner does, reporting each commit back at once.
    private mutating func perform(_ actions: [LaneAction], lane position: Int, at time: Timestamp, depth: Int) {
        guard depth < Self.maximumActionDepth else { return }
        for action in actions {
            switch action {
            case .commitDecision(let decision):
                counts.crossings += 1
                counts.decisions[decision.decision, default: 0] += 1
                output(.decision(decision))
                perform(lanes[position].handle(.decisionCommitted(crossing: decision.crossing), at: time), lane: position, at: time, depth: depth + 1)
            case .commitOverride(let override):
                counts.overrides += 1
                output(.override(override))
                perform(lanes[position].handle(.overrideCommitted(crossing: override.crossing), at: time), lane: position, at: time, depth: depth + 1)
            case .actuate(let actuation, let crossing):
                counts.actuations += 1
                output(.actuation(lane: lanes[position].id, action: actuation, crossing: crossing, at: time))
            }
        }
    }
}
