import LaneModel
import Rules
import Testing

/// The people lane's chip rules: read, authentic (passive authentication), the chip's MRZ
/// against the printed one, and genuine (active or chip authentication), with the sample pack's
/// outcomes: a chip that cannot be read is REFER, a failed proof is HOLD.
@Suite struct ChipRuleTests {
    typealias F = RuleFixtures

    static let chipPack = F.samplePack(replacing: [("people = [\"document\", \"face\"]", "people = [\"document\", \"document.chip\", \"face\"]")])
    static let genuineRequiredPack = F.samplePack(replacing: [
        ("people = [\"document\", \"face\"]", "people = [\"document\", \"document.chip\", \"face\"]"),
        ("chip_genuine_required = false", "chip_genuine_required = true"),
    ])

    static func chip(read: Bool = true, failure: String? = nil, document: DocumentRead? = F.document(),
                     passive: ChipCheck.Outcome = .passed, active: ChipCheck.Outcome = .passed, activeMethod: String? = "AA") -> ChipRead {
        let passiveDetail = passive == .passed ? "EF.SOD signed by DS 1, chained to CSCA VN" : "DG1 hash differs from EF.SOD"
        let activeDetail = active == .passed ? "RSA signature verifies with DG15's key" : "no DG15, no DG14"
        return ChipRead(access: read ? "BAC" : "none", read: read, failure: failure, dataGroups: read ? [1, 2, 15] : [], document: read ? document : nil,
                        passiveAuthentication: ChipCheck(outcome: passive, method: passive == .notChecked ? nil : "PA", detail: passiveDetail),
                        chipAuthentication: ChipCheck(outcome: active, method: active == .notOffered ? nil : activeMethod, detail: activeDetail))
    }

    static var chipTraveller: CrossingEvidence {
        var evidence = F.cleanTraveller
        evidence.chips = [chip()]
        return evidence
    }

    static let cases: [RuleCase] = [
        // document.chip_read
        RuleCase(name: "read", rule: .documentChipRead, outcome: .pass, detail: "read over BAC: DG1, DG2, DG15", pack: chipPack),
        RuleCase(name: "access denied", rule: .documentChipRead, outcome: .fail, detail: "access denied: the MRZ key does not open this chip", pack: chipPack,
                 evidence: { $0.chips = [chip(read: false, failure: "access denied: the MRZ key does not open this chip", passive: .notChecked,
                                              active: .notChecked)] }),
        RuleCase(name: "a second attempt read it", rule: .documentChipRead, outcome: .pass, pack: chipPack,
                 evidence: { $0.chips = [chip(read: false, failure: "the card left the field while DG2 was read"), chip()] }),
        RuleCase(name: "required, none read", rule: .documentChipRead, outcome: .missing, detail: "no document chip read", pack: chipPack,
                 evidence: { $0.chips = [] }),
        RuleCase(name: "not required, none read", rule: .documentChipRead, outcome: nil, evidence: { $0.chips = [] }),
        RuleCase(name: "read though not required", rule: .documentChipRead, outcome: .pass),
        // document.chip_authentic
        RuleCase(name: "passive authentication passed", rule: .documentChipAuthentic, outcome: .pass, detail: "chained to CSCA", pack: chipPack),
        RuleCase(name: "altered DG1", rule: .documentChipAuthentic, outcome: .fail, detail: "passive authentication failed: DG1 hash differs", pack: chipPack,
                 evidence: { $0.chips = [chip(passive: .failed)] }),
        RuleCase(name: "chip not read", rule: .documentChipAuthentic, outcome: .missing, pack: chipPack,
                 evidence: { $0.chips = [chip(read: false, failure: "garbage", passive: .notChecked, active: .notChecked)] }),
        // document.chip_mrz_match
        RuleCase(name: "chip and print agree", rule: .documentChipMRZMatch, outcome: .pass, detail: "equals the printed MRZ", pack: chipPack),
        RuleCase(name: "filler differences do not count", rule: .documentChipMRZMatch, outcome: .pass, pack: chipPack,
                 evidence: { $0.chips = [chip(document: F.document(number: "B1234567"))] }),
        RuleCase(name: "the printed number differs", rule: .documentChipMRZMatch, outcome: .fail, detail: "differs from the printed MRZ in: number", pack: chipPack,
                 evidence: { $0.documents = [F.document(number: "B7654321<")] }),
        RuleCase(name: "no printed MRZ", rule: .documentChipMRZMatch, outcome: .pass, detail: "stands alone", pack: chipPack,
                 evidence: { $0.documents = []; $0.codes = [F.code("BP|1")] }),
        RuleCase(name: "no DG1", rule: .documentChipMRZMatch, outcome: .missing, pack: chipPack,
                 evidence: { $0.chips = [chip(document: nil)] }),
        // document.chip_genuine
        RuleCase(name: "active authentication passed", rule: .documentChipGenuine, outcome: .pass, detail: "(AA)", pack: chipPack),
        RuleCase(name: "a copied chip", rule: .documentChipGenuine, outcome: .fail, detail: "chip authentication failed (AA)", pack: chipPack,
                 evidence: { $0.chips = [chip(active: .failed)] }),
        RuleCase(name: "not offered, not required", rule: .documentChipGenuine, outcome: .pass, detail: "chip_genuine_required = false", pack: chipPack,
                 evidence: { $0.chips = [chip(active: .notOffered)] }),
        RuleCase(name: "not offered, required", rule: .documentChipGenuine, outcome: .missing, detail: "chip_genuine_required = true",
                 pack: genuineRequiredPack, evidence: { $0.chips = [chip(active: .notOffered)] }),
    ]

    @Test(arguments: cases)
    func rule(_ row: RuleCase) {
        row.check(.people, base: Self.chipTraveller)
    }

    @Test func genuineChipClears() {
        let verdict = RuleEngine(pack: Self.chipPack).evaluate(.people, Self.chipTraveller, context: F.context())
        #expect(verdict.decision == .clear, "\(verdict.reasons.filter { $0.outcome != .pass })")
        #expect(verdict.reasons.map(\.rule).contains(.documentChipGenuine))
    }

    @Test func failedProofIsHoldUnreadableChipIsRefer() {
        let engine = RuleEngine(pack: Self.chipPack)
        var evidence = Self.chipTraveller
        evidence.chips = [Self.chip(passive: .failed)]
        #expect(engine.evaluate(.people, evidence, context: F.context()).decision == .hold)
        evidence.chips = [Self.chip(active: .failed)]
        #expect(engine.evaluate(.people, evidence, context: F.context()).decision == .hold)
        evidence.chips = [Self.chip(read: false, failure: "access denied", passive: .notChecked, active: .notChecked)]
        #expect(engine.evaluate(.people, evidence, context: F.context()).decision == .refer)
    }

    @Test func requiredChipIsMissingEvidenceUntilRead() {
        let engine = RuleEngine(pack: Self.chipPack)
        #expect(engine.missingEvidence(.people, F.cleanTraveller) == [.chip])
        #expect(engine.missingEvidence(.people, Self.chipTraveller).isEmpty)
    }

    @Test func detailsDoNotQuotePersonalData() {
        var evidence = Self.chipTraveller
        evidence.documents = [F.document(number: "C7654321<")]
        let details = RuleEngine(pack: Self.chipPack).evaluate(.people, evidence, context: F.context()).reasons.map(\.detail).joined(separator: "\n")
        for personal in ["C7654321", "B1234567", "NGUYEN", "1980-05-17"] { #expect(!details.contains(personal)) }
    }
}
