import Agent
import LaneModel
import Lanes

/// Everything the lanes did during the demo, in order, for waiting on decisions, the live view
/// and the final checks.
actor DemoLedger {
    struct Entry: Sendable {
        var decision: CrossingDecision
        var seq: Int
        var override: CrossingOverride?
    }

    private(set) var decisions: [Entry] = []
    private(set) var actuations: [(lane: String, action: Actuation, crossing: String?, ok: Bool)] = []
    private(set) var log: [String] = []

    func record(_ activity: LaneActivity) {
        switch activity {
        case .decision(let decision, let seq):
            decisions.append(Entry(decision: decision, seq: seq))
        case .override(let override, _):
            if let index = decisions.lastIndex(where: { $0.decision.crossing == override.crossing }) { decisions[index].override = override }
        case .actuation(let lane, let action, let crossing, let ok):
            actuations.append((lane, action, crossing, ok))
        }
    }

    func note(_ line: String) { log.append(line) }

    /// The decisions on `lane` so far.
    func count(lane: String) -> Int { decisions.filter { $0.decision.lane == lane }.count }

    /// Waits for decision number `index` (0-based) on `lane`, up to `timeout`.
    func decision(lane: String, index: Int, timeout: Duration) async -> Entry? {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let onLane = decisions.filter { $0.decision.lane == lane }
            if onLane.count > index { return onLane[index] }
            try? await Task.sleep(for: .milliseconds(20))
        }
        return nil
    }

    /// True once `action` happened on `lane` for `crossing`.
    func didActuate(_ action: Actuation, lane: String, crossing: String) -> Bool {
        actuations.contains { $0.lane == lane && $0.action == action && $0.crossing == crossing && $0.ok }
    }
}
