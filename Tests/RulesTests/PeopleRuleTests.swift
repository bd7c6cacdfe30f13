import LaneModel
import Rules
import Testing

@Suite struct PeopleRuleTests {
    typealias F = RuleFixtures

    static let fingerprintPack = F.samplePack(replacing: [("fingerprint_required = false", "fingerprint_required = true")])
    static let noLivenessPack = F.samplePack(replacing: [("liveness_required = true", "liveness_required = false")])
    static let scoresOnlyPack = F.samplePack(replacing: [("accept_terminal_face_verdict = true", "accept_terminal_face_verdict = false")])
    static let reportedLivenessOnlyPack = F.samplePack(replacing: [("accept_terminal_liveness = true", "accept_terminal_liveness = false")])

    static let cases: [RuleCase] = [
        // document.mrz
        RuleCase(name: "check digits verify", rule: .documentMRZ, outcome: .pass, detail: "TD3 MRZ check digits verify"),
        RuleCase(name: "failed check digits", rule: .documentMRZ, outcome: .fail, detail: "check digits fail: number, composite",
                 evidence: { $0.documents = [F.document(failedChecks: ["number", "composite"])] }),
        RuleCase(name: "a second, clean read", rule: .documentMRZ, outcome: .pass,
                 evidence: { $0.documents = [F.document(failedChecks: ["number"]), F.document()] }),
        RuleCase(name: "no document", rule: .documentMRZ, outcome: .missing, detail: "no travel document read", evidence: { $0.documents = [] }),
        RuleCase(name: "border pass only", rule: .documentMRZ, outcome: .missing, detail: "a border pass alone is never CLEAR",
                 evidence: { $0.documents = []; $0.codes = [F.code("BP|VN-CN|0001234")] }),
        // document.expiry
        RuleCase(name: "valid for years", rule: .documentExpiry, outcome: .pass, detail: "valid until 2030-01-01"),
        RuleCase(name: "expires on the decision day", rule: .documentExpiry, outcome: .pass,
                 evidence: { $0.documents = [F.document(expiry: "2026-11-23")] }),
        RuleCase(name: "expired yesterday", rule: .documentExpiry, outcome: .fail, detail: "expired on 2026-11-22",
                 evidence: { $0.documents = [F.document(expiry: "2026-11-22")] }),
        RuleCase(name: "not a date", rule: .documentExpiry, outcome: .fail, detail: "not a date",
                 evidence: { $0.documents = [F.document(expiry: "2030-1-1")] }),
        RuleCase(name: "border pass only", rule: .documentExpiry, outcome: .missing, detail: "central publishes how to verify one",
                 evidence: { $0.documents = []; $0.codes = [F.code("BP|VN-CN|0001234")] }),
        // face.match
        RuleCase(name: "score above the minimum", rule: .faceMatch, outcome: .pass, detail: "score 0.91 ≥ 0.80"),
        RuleCase(name: "best of several attempts", rule: .faceMatch, outcome: .pass, detail: "0.91",
                 evidence: { $0.faces.insert(F.face(passed: false, score: 0.3), at: 0) }),
        RuleCase(name: "score below the minimum", rule: .faceMatch, outcome: .fail, detail: "score 0.72 below 0.80",
                 evidence: { $0.faces = [F.face(score: 0.72)] }),
        RuleCase(name: "matched by the terminal's own threshold, accepted by the pack", rule: .faceMatch, outcome: .pass,
                 detail: "matched the face by its own threshold (match_threshold 85 declared for it)",
                 evidence: { $0.faces = [F.terminalFace()] }),
        RuleCase(name: "matched without a score, the pack needs one", rule: .faceMatch, outcome: .fail, detail: "sent no score",
                 pack: scoresOnlyPack, evidence: { $0.faces = [F.face(score: nil)] }),
        RuleCase(name: "terminal refused the face, no score", rule: .faceMatch, outcome: .fail, detail: "did not match the face",
                 evidence: { $0.faces = [F.terminalFace(passed: false)] }),
        RuleCase(name: "terminal did not match", rule: .faceMatch, outcome: .fail, detail: "did not match the face (score 0.31)",
                 evidence: { $0.faces = [F.face(passed: false, score: 0.31, subject: nil)] }),
        RuleCase(name: "no face", rule: .faceMatch, outcome: .missing, evidence: { $0.faces = [] }),
        // face.liveness
        RuleCase(name: "live", rule: .faceLiveness, outcome: .pass),
        RuleCase(name: "not live", rule: .faceLiveness, outcome: .fail, detail: "liveness failure", evidence: { $0.faces = [F.face(live: false)] }),
        RuleCase(name: "one attempt not live", rule: .faceLiveness, outcome: .fail, evidence: { $0.faces.insert(F.face(live: false), at: 0) }),
        RuleCase(name: "no result", rule: .faceLiveness, outcome: .missing, detail: "terminal reported no liveness result",
                 evidence: { $0.faces = [F.face(live: nil)] }),
        RuleCase(name: "not required", rule: .faceLiveness, outcome: nil, pack: noLivenessPack, evidence: { $0.faces = [F.face(live: nil)] }),
        RuleCase(name: "terminal passed the face with its own liveness check on", rule: .faceLiveness, outcome: .pass,
                 detail: "its own liveness check on", evidence: { $0.faces = [F.terminalFace()] }),
        RuleCase(name: "terminal's liveness check not declared", rule: .faceLiveness, outcome: .missing,
                 detail: "liveness_check in [[devices]]", evidence: { $0.faces = [F.terminalFace(livenessCheck: false)] }),
        RuleCase(name: "terminal's liveness check on, the pack does not accept it", rule: .faceLiveness, outcome: .missing,
                 detail: "accept_terminal_liveness = false", pack: reportedLivenessOnlyPack, evidence: { $0.faces = [F.terminalFace()] }),
        RuleCase(name: "terminal refused the face: its liveness check proves nothing", rule: .faceLiveness, outcome: .missing,
                 evidence: { $0.faces = [F.terminalFace(passed: false)] }),
        // fingerprint.match
        RuleCase(name: "not required and none read", rule: .fingerprintMatch, outcome: nil),
        RuleCase(name: "read though not required", rule: .fingerprintMatch, outcome: .pass, evidence: { $0.fingerprints = [F.fingerprint()] }),
        RuleCase(name: "required and matched", rule: .fingerprintMatch, outcome: .pass, pack: fingerprintPack,
                 evidence: { $0.fingerprints = [F.fingerprint(passed: false), F.fingerprint()] }),
        RuleCase(name: "not matched", rule: .fingerprintMatch, outcome: .fail, detail: "did not match the fingerprint (1 attempt)",
                 evidence: { $0.fingerprints = [F.fingerprint(passed: false)] }),
        RuleCase(name: "required and none read", rule: .fingerprintMatch, outcome: .missing, pack: fingerprintPack),
        // watchlist
        RuleCase(name: "not listed", rule: .watchlist, outcome: .pass, detail: "not on the documents or subjects watchlist"),
        RuleCase(name: "listed document", rule: .watchlist, outcome: .fail, detail: "on the documents watchlist",
                 evidence: { $0.documents = [F.document(number: "C7654321<")] }),
        RuleCase(name: "listed subject", rule: .watchlist, outcome: .fail, detail: "on the subjects watchlist",
                 evidence: { $0.faces = [F.face(subject: "emp-666")] }),
        RuleCase(name: "listed subject by fingerprint", rule: .watchlist, outcome: .fail,
                 evidence: { $0.fingerprints = [F.fingerprint(subject: "emp-666")] }),
        RuleCase(name: "no reference data", rule: .watchlist, outcome: .missing, context: { $0.reference = nil }),
        RuleCase(name: "nothing to check", rule: .watchlist, outcome: .missing,
                 evidence: { $0.documents = []; $0.faces = [F.face(subject: nil)]; $0.codes = [F.code("BP|1")] }),
        // shared rules on a people lane
        RuleCase(name: "stale reference", rule: .referenceFresh, outcome: .fail,
                 context: { $0.reference = F.referenceData(issued: F.at(secondsBefore: 90_000)) }),
        RuleCase(name: "terminal fault", rule: .deviceHealth, outcome: .fail, detail: "face-1: unreachable",
                 context: { $0.activeFaults = [DeviceFault(device: "face-1", reason: "unreachable", since: F.at(secondsBefore: 10))] }),
        RuleCase(name: "clock", rule: .clockSynced, outcome: .fail, context: { $0.clockSynced = false }),
        // crossing.repeat
        RuleCase(name: "first crossing", rule: .crossingRepeat, outcome: .pass),
        RuleCase(name: "same document cleared a minute ago", rule: .crossingRepeat, outcome: .fail, detail: "this document number was cleared 1 min ago",
                 context: { $0.recentCrossings = [RecentCrossing(key: "B1234567", decision: .clear, decidedAt: F.at(secondsBefore: 60))] }),
        RuleCase(name: "border pass only", rule: .crossingRepeat, outcome: .missing, detail: "no document number",
                 evidence: { $0.documents = []; $0.codes = [F.code("BP|1")] }),
        // cargo rules never run on a people lane
        RuleCase(name: "people lane", rule: .plateRead, outcome: nil, evidence: { $0.plates = [F.plate("12C12345")] }),
        RuleCase(name: "people lane", rule: .declarationValid, outcome: nil, evidence: { $0.codes = [F.code("101234567890")] }),
    ]

    @Test(arguments: cases)
    func rule(_ row: RuleCase) {
        row.check(.people, base: F.cleanTraveller)
    }

    @Test func cleanTravellerClearsWithEveryPeopleRule() {
        let verdict = RuleEngine(pack: F.samplePack).evaluate(.people, F.cleanTraveller, context: F.context())
        #expect(verdict.decision == .clear, "\(verdict.reasons.filter { $0.outcome != .pass })")
        #expect(verdict.reasons.map(\.rule) == [
            .documentMRZ, .documentExpiry, .faceMatch, .faceLiveness, .watchlist, .referenceFresh, .deviceHealth, .clockSynced, .crossingRepeat,
        ])
        #expect(verdict.repeatKey == "B1234567")
        #expect(verdict.expectedVehicle == nil)
    }

    @Test func detailsDoNotQuotePersonalData() {
        var evidence = F.cleanTraveller
        evidence.documents = [F.document(number: "C7654321<", expiry: "2020-01-01", failedChecks: ["birthDate"])]
        evidence.faces = [F.face(subject: "emp-666")]
        let verdict = RuleEngine(pack: F.samplePack).evaluate(.people, evidence, context: F.context())
        let details = verdict.reasons.map(\.detail).joined(separator: "\n")
        for personal in ["C7654321", "emp-666", "NGUYEN", "1980-05-17"] { #expect(!details.contains(personal)) }
        #expect(verdict.decision == .hold) // watchlist
    }

    @Test func borderPassSatisfiesDocumentButNeverClears() {
        let engine = RuleEngine(pack: F.samplePack)
        var evidence = F.cleanTraveller
        evidence.documents = []
        #expect(engine.missingEvidence(.people, evidence) == [.document])
        evidence.codes = [F.code("BP|VN-CN|0001234")]
        #expect(engine.missingEvidence(.people, evidence).isEmpty)
        #expect(engine.evaluate(.people, evidence, context: F.context()).decision == .refer)
    }

    @Test func fingerprintRequiredIsMissingEvidence() {
        #expect(RuleEngine(pack: Self.fingerprintPack).missingEvidence(.people, F.cleanTraveller) == [.fingerprint])
        #expect(RuleEngine(pack: F.samplePack).missingEvidence(.people, F.cleanTraveller).isEmpty)
        #expect(RuleEngine(pack: F.samplePack).missingEvidence(.people, CrossingEvidence()) == [.document, .face])
    }
}
