import LaneAgentTesting
import LaneModel
import Rules
import Testing

@Suite struct DecisionTests {
    typealias F = RuleFixtures

    static func pack(outcomes: [RuleID: Decision]) -> RulePack {
        var pack = F.samplePack
        pack.outcomes = outcomes
        return pack
    }

    static func reasons(_ outcomes: [(RuleID, RuleOutcome)]) -> [RuleResult] {
        outcomes.map { RuleResult(rule: $0.0, outcome: $0.1, detail: "") }
    }

    @Test(arguments: [
        ([(RuleID.plateRead, RuleOutcome.pass), (.watchlist, .pass)], Decision.clear),
        ([(.plateRead, .fail), (.watchlist, .pass)], .refer),
        ([(.plateRead, .fail), (.watchlist, .fail)], .hold),
        // Missing evidence is REFER even for a rule the pack holds on when it fails.
        ([(.plateRead, .pass), (.weightDeclared, .missing)], .refer),
        ([(.weightDeclared, .fail), (.plateRead, .missing)], .hold),
        ([(.plateRead, .missing), (.clockSynced, .pass)], .refer),
        // A pack built in code with a CLEAR outcome still cannot clear a failed rule.
        ([(.scanVerdict, .fail)], .refer),
        ([(.scanVerdict, .missing)], .refer),
    ])
    func mostSevereOutcomeWins(_ outcomes: [(RuleID, RuleOutcome)], _ expected: Decision) {
        let engine = RuleEngine(pack: Self.pack(outcomes: [.watchlist: .hold, .weightDeclared: .hold, .scanVerdict: .clear]))
        #expect(engine.decision(for: Self.reasons(outcomes)) == expected)
    }

    @Test func unlistedRulesReferAndListedOnesAsWritten() {
        let pack = Self.pack(outcomes: [.watchlist: .hold])
        #expect(pack.outcome(for: .watchlist) == .hold)
        #expect(pack.outcome(for: .faceMatch) == .refer)
    }

    struct SampleCase: Sendable, CustomTestStringConvertible {
        let name: String
        let decision: Decision
        var evidence: @Sendable (inout CrossingEvidence) -> Void = { _ in }
        var context: @Sendable (inout RuleContext) -> Void = { _ in }
        var testDescription: String { "\(name) → \(decision.rawValue)" }
    }

    @Test(arguments: [
        SampleCase(name: "overweight and off the declaration", decision: .hold, evidence: { $0.weights = [F.weight(41_000)] }),
        SampleCase(name: "low plate confidence", decision: .refer, evidence: { $0.plates = [F.plate("12C12345", confidence: 0.6)] }),
        SampleCase(name: "X-ray suspect", decision: .hold, evidence: { $0.scans = [F.scan(.suspect)] }),
        SampleCase(name: "scale unplugged", decision: .refer,
                   context: { $0.activeFaults = [DeviceFault(device: "scale-1", reason: "port gone", since: F.now)] }),
        SampleCase(name: "no scan at the deadline", decision: .refer, evidence: { $0.scans = [] }),
        SampleCase(name: "no reference data", decision: .refer, context: { $0.reference = nil }),
        SampleCase(name: "clock unsynchronised", decision: .refer, context: { $0.clockSynced = false }),
        SampleCase(name: "clean", decision: .clear),
    ])
    func samplePackDecisions(_ row: SampleCase) {
        var evidence = F.cleanTruck
        var context = F.context()
        row.evidence(&evidence)
        row.context(&context)
        let verdict = RuleEngine(pack: F.samplePack).evaluate(.cargo, evidence, context: context)
        #expect(verdict.decision == row.decision, "\(verdict.reasons.filter { $0.outcome != .pass }.map(\.jsonValue))")
    }

    /// Random crossings of both kinds: CLEAR exactly when every rule evaluated passed, never with
    /// required evidence missing, and otherwise the most severe outcome among the rest.
    @Test func neverClearWithAFailedOrMissingRule() {
        var random = SeededRandom(seed: 0x7E57_0007)
        let packs = [F.samplePack, PeopleRuleTests.fingerprintPack, PeopleRuleTests.noLivenessPack,
                     F.samplePack(replacing: [("\"container\", \"scan\", ", "")])]
        var clears = 0
        for _ in 0..<3000 {
            let kind: LaneKind = Bool.random(using: &random) ? .cargo : .people
            let pack = packs.randomElement(using: &random)!
            let evidence = Self.randomEvidence(&random)
            let context = RuleContext(
                now: F.now, clockSynced: Int.random(in: 0..<10, using: &random) > 0,
                reference: Int.random(in: 0..<8, using: &random) > 0
                    ? F.referenceData(issued: F.at(secondsBefore: Int64.random(in: 0...100_000, using: &random))) : nil,
                activeFaults: Int.random(in: 0..<10, using: &random) == 0 ? [DeviceFault(device: "d", reason: "r", since: F.now)] : [],
                recentCrossings: Int.random(in: 0..<5, using: &random) == 0
                    ? [RecentCrossing(key: ["12C12345", "B1234567"].randomElement(using: &random)!, decision: .clear, decidedAt: F.at(secondsBefore: 100))] : [])
            let engine = RuleEngine(pack: pack)
            let verdict = engine.evaluate(kind, evidence, context: context)
            let notPassed = verdict.reasons.filter { $0.outcome != .pass }
            #expect((verdict.decision == .clear) == notPassed.isEmpty)
            #expect(!verdict.reasons.isEmpty)
            if !engine.missingEvidence(kind, evidence, reference: context.reference).isEmpty { #expect(verdict.decision != .clear) }
            if !context.clockSynced || !context.activeFaults.isEmpty || context.reference == nil { #expect(verdict.decision != .clear) }
            let expected = notPassed.map { $0.outcome == .missing ? .refer : max(pack.outcome(for: $0.rule), .refer) }.max() ?? .clear
            #expect(verdict.decision == expected)
            if verdict.decision == .clear { clears += 1 }
        }
        // The generator must reach CLEAR often enough for the property to mean something.
        #expect(clears > 30, "only \(clears) CLEAR verdicts")
    }

    static func randomEvidence(_ random: inout SeededRandom) -> CrossingEvidence {
        func some<T>(_ options: [T], _ random: inout SeededRandom) -> [T] {
            // Mostly nothing, so clean crossings stay common enough to reach CLEAR.
            let count = [0, 0, 0, 0, 0, 0, 0, 1, 1, 2].randomElement(using: &random)!
            return (0..<count).map { _ in options.randomElement(using: &random)! }
        }
        var evidence = CrossingEvidence()
        let clean = Bool.random(using: &random)
        if clean { evidence = Bool.random(using: &random) ? F.cleanTruck : F.cleanTraveller }
        evidence.plates += some([F.plate("12C12345"), F.plate("12C12345", confidence: 0.5), F.plate("I2C12345"), F.plate("29H99900"),
                                 F.plate("51D99999", confidence: nil)], &random)
        evidence.weights += some([F.weight(24_100), F.weight(31_240), F.weight(50_000), F.weight(nil, stable: false, status: .overload)], &random)
        evidence.containers += some([F.container("CSQU3054383"), F.container("CSQU3054384", problem: "check digit"), F.container("MSKU1234565")], &random)
        evidence.scans += some([F.scan(.clear), F.scan(.suspect), F.scan(.inconclusive)], &random)
        evidence.codes += some([F.code("101234567890"), F.code("nothing"), F.code("BP|1")], &random)
        evidence.documents += some([F.document(), F.document(expiry: "2001-01-01"), F.document(failedChecks: ["number"]),
                                    F.document(number: "C7654321")], &random)
        evidence.faces += some([F.face(), F.face(score: 0.5), F.face(live: nil), F.face(live: false), F.face(subject: "emp-666")], &random)
        evidence.fingerprints += some([F.fingerprint(), F.fingerprint(passed: false)], &random)
        if Int.random(in: 0..<10, using: &random) == 0 { evidence.faults = [DeviceFault(device: "scale-1", reason: "gone", since: F.now)] }
        return evidence
    }
}
