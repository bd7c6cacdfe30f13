import LaneModel
import Lanes
import Rules

/// Drives a lane the way the daemon does: executes its actions in order, feeding back
/// `.decisionCommitted` (or `.commitFailed` when told to) and `.overrideCommitted`, and keeps
/// a transcript such as `["decide CLEAR", "lights.green", "barrier.open"]`.
struct LaneDriver {
    var lane: Lane
    var clock = ManualClock(now: LaneFixtures.start)
    var transcript: [String] = []
    var decisions: [CrossingDecision] = []
    /// Makes the next decision commit fail with this reason.
    var failNextCommit: String?
    /// Holds decision commits back (the journal is slow) until `releaseCommits()`.
    var holdCommits = false
    private var heldCommits: [String] = []
    private var seq = 0

    init(kind: LaneKind, pack: RulePack = LaneFixtures.pack, reference: ReferenceData? = LaneFixtures.reference) {
        lane = Lane(id: kind == .cargo ? "C1" : "P1", kind: kind, pack: pack, reference: reference)
    }

    mutating func wait(_ seconds: Double) { clock.advance(seconds: seconds) }

    mutating func send(_ input: LaneInput) { run(lane.handle(input, at: clock.now)) }

    /// A reading from its usual device, with a journal reference numbered in arrival order.
    mutating func read(_ observation: LaneObservation) {
        seq += 1
        let reference = ReadingReference(seq: seq, sha256: String(repeating: "0", count: 63) + String(seq % 10),
                                         kind: LaneFixtures.recordKind(of: observation))
        send(.reading(observation, device: LaneFixtures.device(of: observation), reference: reference))
    }

    mutating func presence(_ loop: PresenceLoop, _ occupied: Bool) { send(.presence(loop, occupied: occupied)) }

    /// An officer's override of `crossing` (the current one by default); "rejected" in the
    /// transcript when the lane refuses it.
    mutating func override(_ decision: Decision, crossing: String? = nil) {
        guard let target = crossing ?? lane.crossing else {
            transcript.append("rejected")
            return
        }
        do {
            run(try lane.override(crossing: target, decision: decision, officer: "officer-7", reason: "checked by hand", at: clock.now))
        } catch {
            transcript.append("rejected")
        }
    }

    mutating func releaseCommits() {
        holdCommits = false
        let pending = heldCommits
        heldCommits = []
        for crossing in pending { run(lane.handle(.decisionCommitted(crossing: crossing), at: clock.now)) }
    }

    private mutating func run(_ actions: [LaneAction]) {
        for action in actions {
            switch action {
            case .commitDecision(let decision):
                transcript.append("decide \(decision.decision.rawValue)")
                decisions.append(decision)
                if let reason = failNextCommit {
                    failNextCommit = nil
                    run(lane.handle(.commitFailed(crossing: decision.crossing, reason: reason), at: clock.now))
                } else if holdCommits {
                    heldCommits.append(decision.crossing)
                } else {
                    run(lane.handle(.decisionCommitted(crossing: decision.crossing), at: clock.now))
                }
            case .commitOverride(let record):
                transcript.append("override \(record.decision.rawValue)")
                run(lane.handle(.overrideCommitted(crossing: record.crossing), at: clock.now))
            case .actuate(let actuation, _):
                transcript.append(actuation.rawValue)
            }
        }
    }
}
