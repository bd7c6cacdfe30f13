import LaneModel
import Lanes
import Rules
import Testing

/// One table-driven lane case: steps in order, then the exact actions the lane asked for, the
/// phase it ends in, and reasons its decisions must carry.
struct LaneScenario: Sendable, CustomTestStringConvertible {
    enum Step: Sendable {
        case wait(Double)
        /// Sets the input time (earlier than the last input's for out-of-order cases).
        case at(String)
        case read(LaneObservation)
        case reads([LaneObservation])
        case presence(PresenceLoop, Bool)
        case input(LaneInput)
        case tick
        case failNextCommit
        case holdCommits
        case releaseCommits
        case override(Decision)
        case overrideOf(String, Decision)
        /// Checks the phase mid-way.
        case expectPhase(LanePhase)
        /// Checks the next deadline mid-way.
        case expectDeadline(String?)
    }

    var name: String
    var kind: LaneKind
    var steps: [Step]
    var actions: [String]
    var phase: LanePhase
    /// `rule=outcome` entries decision N (by index) must list.
    var reasons: [Int: [String]] = [:]
    /// Plates (cargo) or documents (people) each decision's subject names, by decision index.
    var subjects: [Int: String] = [:]
    var reference: ReferenceData? = LaneFixtures.reference
    var pack: RulePack = LaneFixtures.pack

    var testDescription: String { name }

    /// Runs the steps and checks every expectation.
    func check() {
        var driver = LaneDriver(kind: kind, pack: pack, reference: reference)
        for (index, step) in steps.enumerated() {
            switch step {
            case .wait(let seconds): driver.wait(seconds)
            case .at(let text): driver.clock.now = Timestamp(rfc3339: text)!
            case .read(let observation): driver.read(observation)
            case .reads(let observations): for observation in observations { driver.read(observation) }
            case .presence(let loop, let occupied): driver.presence(loop, occupied)
            case .input(let input): driver.send(input)
            case .tick: driver.send(.tick)
            case .failNextCommit: driver.failNextCommit = "disk full"
            case .holdCommits: driver.holdCommits = true
            case .releaseCommits: driver.releaseCommits()
            case .override(let decision): driver.override(decision)
            case .overrideOf(let crossing, let decision): driver.override(decision, crossing: crossing)
            case .expectPhase(let phase):
                #expect(driver.lane.phase == phase, "phase after step \(index + 1)")
            case .expectDeadline(let text):
                #expect(driver.lane.nextDeadline?.rfc3339 == text, "deadline after step \(index + 1)")
            }
        }
        #expect(driver.transcript == actions)
        #expect(driver.lane.phase == phase)
        for (index, wanted) in reasons.sorted(by: { $0.key < $1.key }) {
            guard index < driver.decisions.count else {
                Issue.record("decision \(index) was never made")
                continue
            }
            let listed = Set(driver.decisions[index].reasons.map { "\($0.rule.rawValue)=\($0.outcome.rawValue)" })
            for reason in wanted { #expect(listed.contains(reason), "decision \(index) lacks \(reason): \(listed.sorted())") }
        }
        for (index, subject) in subjects {
            guard index < driver.decisions.count else { continue }
            let key = kind == .cargo ? "plate" : "document"
            #expect(driver.decisions[index].subject[key]?.stringValue == subject, "subject of decision \(index)")
        }
    }
}
