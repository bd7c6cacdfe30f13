import LaneModel
import Rules
import Testing

@Suite struct CargoRuleTests {
    typealias F = RuleFixtures

    static let cases: [RuleCase] = [
        // plate.read
        RuleCase(name: "confident read", rule: .plateRead, outcome: .pass, detail: "plate 12C12345, confidence 0.94 ≥ 0.80"),
        RuleCase(name: "best of several reads counts", rule: .plateRead, outcome: .pass, detail: "0.94",
                 evidence: { $0.plates.insert(F.plate("12C-123.45", confidence: 0.41), at: 0) }),
        RuleCase(name: "low confidence", rule: .plateRead, outcome: .fail, detail: "confidence 0.55 below 0.80",
                 evidence: { $0.plates = [F.plate("12C-123.45", confidence: 0.55)] }),
        RuleCase(name: "camera sent no confidence", rule: .plateRead, outcome: .fail, detail: "without a confidence",
                 evidence: { $0.plates = [F.plate("12C-123.45", confidence: nil)] }),
        RuleCase(name: "no plate read", rule: .plateRead, outcome: .missing, detail: "no plate read", evidence: { $0.plates = [] }),
        // plate.expected
        RuleCase(name: "exact", rule: .plateExpected, outcome: .pass, detail: "12C12345 is an expected vehicle"),
        RuleCase(name: "I read for 1", rule: .plateExpected, outcome: .pass, detail: "matches expected 12C-123.45 with 1 O/0, I/1, B/8 or D/0 swap",
                 evidence: { $0.plates = [F.plate("I2C12345")] }),
        RuleCase(name: "B and O read for 8 and 0", rule: .plateExpected, outcome: .pass, detail: "2 O/0, I/1, B/8 or D/0 swaps",
                 evidence: { $0.plates = [F.plate("15CO8B88")] }),
        RuleCase(name: "other confusions are not forgiven", rule: .plateExpected, outcome: .fail, detail: "12C12346 matches none of the 3 expected vehicles",
                 evidence: { $0.plates = [F.plate("12C12346")] }),
        RuleCase(name: "no reference data", rule: .plateExpected, outcome: .missing, detail: "no reference data", context: { $0.reference = nil }),
        RuleCase(name: "no plate read", rule: .plateExpected, outcome: .missing, evidence: { $0.plates = [] }),
        // weight.stable
        RuleCase(name: "last stable reading", rule: .weightStable, outcome: .pass, detail: "stable 24,150 kg from scale-1"),
        RuleCase(name: "only motion", rule: .weightStable, outcome: .fail, detail: "23,900 kg, motion",
                 evidence: { $0.weights = [F.weight(23_900, stable: false, status: .motion)] }),
        RuleCase(name: "overload", rule: .weightStable, outcome: .fail, detail: "overload",
                 evidence: { $0.weights = [F.weight(nil, stable: false, status: .overload)] }),
        RuleCase(name: "stable flag on an error status", rule: .weightStable, outcome: .fail, detail: "error",
                 evidence: { $0.weights = [F.weight(24_000, stable: true, status: .error)] }),
        RuleCase(name: "no reading", rule: .weightStable, outcome: .missing, detail: "no weight reading", evidence: { $0.weights = [] }),
        // weight.declared
        RuleCase(name: "within 5%", rule: .weightDeclared, outcome: .pass, detail: "measured 24,150 kg, declared 24,000 kg, tolerance 5%"),
        RuleCase(name: "exactly at the tolerance", rule: .weightDeclared, outcome: .pass, evidence: { $0.weights = [F.weight(25_200)] }),
        RuleCase(name: "off the declaration", rule: .weightDeclared, outcome: .fail, detail: "measured 31,240 kg, declared 24,000 kg, tolerance 5%",
                 evidence: { $0.weights = [F.weight(31_240)] }),
        RuleCase(name: "under the declaration", rule: .weightDeclared, outcome: .fail, evidence: { $0.weights = [F.weight(20_000)] }),
        RuleCase(name: "uses the last stable weight", rule: .weightDeclared, outcome: .fail, detail: "measured 1,031,240 kg",
                 evidence: { $0.weights = [F.weight(24_000), F.weight(1_031_240)] }),
        RuleCase(name: "unknown plate", rule: .weightDeclared, outcome: .missing, detail: "no expected vehicle",
                 evidence: { $0.plates = [F.plate("51D99999")] }),
        RuleCase(name: "no stable weight", rule: .weightDeclared, outcome: .missing, evidence: { $0.weights = [F.weight(24_000, stable: false)] }),
        // weight.axle_limit
        RuleCase(name: "under 40 t on 5 axles", rule: .weightAxleLimit, outcome: .pass, detail: "measured 24,150 kg, limit 40,000 kg for 5 axles"),
        RuleCase(name: "over 24 t on 3 axles", rule: .weightAxleLimit, outcome: .fail, detail: "measured 24,150 kg, limit 24,000 kg for 3 axles",
                 evidence: { $0.plates = [F.plate("15C08888")] }),
        RuleCase(name: "unknown plate", rule: .weightAxleLimit, outcome: .missing, detail: "axle count unknown",
                 evidence: { $0.plates = [F.plate("51D99999")] }),
        RuleCase(name: "pack has no limit for the axle count", rule: .weightAxleLimit, outcome: .missing, detail: "no gross limit for 5 axles",
                 pack: F.samplePack(replacing: [("\"5\" = 40000\n", "")])),
        // container.check_digit
        RuleCase(name: "valid", rule: .containerCheckDigit, outcome: .pass, detail: "CSQU3054383"),
        RuleCase(name: "bad check digit", rule: .containerCheckDigit, outcome: .fail, detail: "CSQU3054384: check digit 3 expected, 4 read",
                 evidence: { $0.containers = [F.container("CSQU3054384", problem: "check digit 3 expected, 4 read")] }),
        RuleCase(name: "none read", rule: .containerCheckDigit, outcome: .missing, detail: "no container code read", evidence: { $0.containers = [] }),
        // container.expected
        RuleCase(name: "the declared container", rule: .containerExpected, outcome: .pass, detail: "CSQU3054383"),
        RuleCase(name: "another container", rule: .containerExpected, outcome: .fail, detail: "missing CSQU3054383; unexpected MSKU1234565",
                 evidence: { $0.containers = [F.container("MSKU1234565")] }),
        RuleCase(name: "an extra container", rule: .containerExpected, outcome: .fail, detail: "unexpected MSKU1234565",
                 evidence: { $0.containers.append(F.container("MSKU1234565")) }),
        RuleCase(name: "none read", rule: .containerExpected, outcome: .missing, detail: "expected CSQU3054383", evidence: { $0.containers = [] }),
        RuleCase(name: "unknown plate", rule: .containerExpected, outcome: .missing, evidence: { $0.plates = [F.plate("51D99999")] }),
        RuleCase(name: "declared containers are checked even when not required", rule: .containerExpected, outcome: .missing,
                 pack: F.samplePack(replacing: [("\"container\", ", "")]), evidence: { $0.containers = [] }),
        RuleCase(name: "bulk truck, containers not required", rule: .containerCheckDigit, outcome: nil,
                 pack: F.samplePack(replacing: [("\"container\", ", "")]),
                 evidence: { $0.plates = [F.plate("29H11111")]; $0.containers = [] }),
        RuleCase(name: "bulk truck, containers not required", rule: .containerExpected, outcome: nil,
                 pack: F.samplePack(replacing: [("\"container\", ", "")]),
                 evidence: { $0.plates = [F.plate("29H11111")]; $0.containers = [] }),
        // scan.verdict
        RuleCase(name: "clear", rule: .scanVerdict, outcome: .pass, detail: "scan S-1001 clear"),
        RuleCase(name: "suspect", rule: .scanVerdict, outcome: .fail, detail: "scan S-1002 suspect",
                 evidence: { $0.scans.append(F.scan(.suspect, id: "S-1002")) }),
        RuleCase(name: "inconclusive", rule: .scanVerdict, outcome: .fail, detail: "inconclusive", evidence: { $0.scans = [F.scan(.inconclusive)] }),
        RuleCase(name: "no result", rule: .scanVerdict, outcome: .missing, evidence: { $0.scans = [] }),
        RuleCase(name: "not required and none", rule: .scanVerdict, outcome: nil,
                 pack: F.samplePack(replacing: [("\"scan\", ", "")]), evidence: { $0.scans = [] }),
        // declaration.valid
        RuleCase(name: "QR carries the number", rule: .declarationValid, outcome: .pass, detail: "101234567890"),
        RuleCase(name: "another declaration", rule: .declarationValid, outcome: .fail, detail: "none carries declaration 101234567890",
                 evidence: { $0.codes = [F.code("VNACCS|109999999999|2026-11-23")] }),
        RuleCase(name: "the number inside a longer number", rule: .declarationValid, outcome: .fail,
                 evidence: { $0.codes = [F.code("VNACCS|91012345678901")] }),
        RuleCase(name: "one of several codes", rule: .declarationValid, outcome: .pass,
                 evidence: { $0.codes.insert(F.code("https://example.invalid/x"), at: 0) }),
        RuleCase(name: "no QR", rule: .declarationValid, outcome: .missing, detail: "no declaration QR", evidence: { $0.codes = [] }),
        RuleCase(name: "unknown plate", rule: .declarationValid, outcome: .missing, detail: "no expected vehicle",
                 evidence: { $0.plates = [F.plate("51D99999")] }),
        // watchlist
        RuleCase(name: "not listed", rule: .watchlist, outcome: .pass, detail: "not on the plates watchlist"),
        RuleCase(name: "listed plate", rule: .watchlist, outcome: .fail, detail: "on the plates watchlist",
                 evidence: { $0.plates = [F.plate("29H-999.00")] }),
        RuleCase(name: "listed plate read with a swap", rule: .watchlist, outcome: .fail, evidence: { $0.plates = [F.plate("29H999OO")] }),
        RuleCase(name: "no reference data", rule: .watchlist, outcome: .missing, context: { $0.reference = nil }),
        RuleCase(name: "no plate", rule: .watchlist, outcome: .missing, evidence: { $0.plates = [] }),
        // reference.fresh
        RuleCase(name: "an hour old", rule: .referenceFresh, outcome: .pass, detail: "reference data version 12, issued 1 h ago (limit 24 h)"),
        RuleCase(name: "stale", rule: .referenceFresh, outcome: .fail, detail: "issued 25 h 30 min ago, older than the 24 h limit",
                 context: { $0.reference = F.referenceData(issued: F.at(secondsBefore: 91_800)) }),
        RuleCase(name: "expired", rule: .referenceFresh, outcome: .fail, detail: "expired at 2026-11-23T07:30:00.000Z",
                 context: { $0.reference = F.referenceData(issued: F.at(secondsBefore: 3600), expires: F.at(secondsBefore: 1800)) }),
        RuleCase(name: "none", rule: .referenceFresh, outcome: .missing, detail: "no reference data loaded", context: { $0.reference = nil }),
        // device.health
        RuleCase(name: "no faults", rule: .deviceHealth, outcome: .pass),
        RuleCase(name: "fault during the crossing", rule: .deviceHealth, outcome: .fail, detail: "scale-1: serial port gone",
                 evidence: { $0.faults = [DeviceFault(device: "scale-1", reason: "serial port gone", since: F.at(secondsBefore: 30))] }),
        RuleCase(name: "fault still open", rule: .deviceHealth, outcome: .fail, detail: "anpr-1: no events for 120 s",
                 context: { $0.activeFaults = [DeviceFault(device: "anpr-1", reason: "no events for 120 s", since: F.at(secondsBefore: 300))] }),
        // clock.synced
        RuleCase(name: "synchronised", rule: .clockSynced, outcome: .pass),
        RuleCase(name: "not synchronised", rule: .clockSynced, outcome: .fail, detail: "not synchronised", context: { $0.clockSynced = false }),
        // crossing.repeat
        RuleCase(name: "first crossing", rule: .crossingRepeat, outcome: .pass, detail: "in the last 5 min"),
        RuleCase(name: "cleared 2 minutes ago", rule: .crossingRepeat, outcome: .fail, detail: "cleared 2 min ago",
                 context: { $0.recentCrossings = [RecentCrossing(key: "12C12345", decision: .clear, decidedAt: F.at(secondsBefore: 120))] }),
        RuleCase(name: "cleared 2 minutes ago, plate then read with a swap", rule: .crossingRepeat, outcome: .fail,
                 evidence: { $0.plates = [F.plate("I2C12345")] },
                 context: { $0.recentCrossings = [RecentCrossing(key: "12C12345", decision: .clear, decidedAt: F.at(secondsBefore: 120))] }),
        RuleCase(name: "cleared outside the window", rule: .crossingRepeat, outcome: .pass,
                 context: { $0.recentCrossings = [RecentCrossing(key: "12C12345", decision: .clear, decidedAt: F.at(secondsBefore: 301))] }),
        RuleCase(name: "referred, not cleared", rule: .crossingRepeat, outcome: .pass,
                 context: { $0.recentCrossings = [RecentCrossing(key: "12C12345", decision: .refer, decidedAt: F.at(secondsBefore: 60))] }),
        RuleCase(name: "another truck", rule: .crossingRepeat, outcome: .pass,
                 context: { $0.recentCrossings = [RecentCrossing(key: "29H11111", decision: .clear, decidedAt: F.at(secondsBefore: 60))] }),
        RuleCase(name: "no plate", rule: .crossingRepeat, outcome: .missing, evidence: { $0.plates = [] }),
        // people rules never run on a cargo lane
        RuleCase(name: "cargo lane", rule: .documentMRZ, outcome: nil, evidence: { $0.documents = [F.document()] }),
        RuleCase(name: "cargo lane", rule: .faceMatch, outcome: nil, evidence: { $0.faces = [F.face()] }),
    ]

    @Test(arguments: cases)
    func rule(_ row: RuleCase) {
        row.check(.cargo, base: F.cleanTruck)
    }

    @Test func cleanTruckClearsWithEveryCargoRule() {
        let verdict = RuleEngine(pack: F.samplePack).evaluate(.cargo, F.cleanTruck, context: F.context())
        #expect(verdict.decision == .clear, "\(verdict.reasons.filter { $0.outcome != .pass })")
        #expect(verdict.reasons.map(\.rule) == [
            .plateRead, .plateExpected, .weightStable, .weightDeclared, .weightAxleLimit, .containerCheckDigit, .containerExpected,
            .scanVerdict, .declarationValid, .watchlist, .referenceFresh, .deviceHealth, .clockSynced, .crossingRepeat,
        ])
        #expect(verdict.expectedVehicle?.plate == "12C-123.45")
        #expect(verdict.repeatKey == "12C12345")
    }

    @Test func detailInDecisionJSON() throws {
        var evidence = F.cleanTruck
        evidence.weights = [F.weight(31_240)]
        let verdict = RuleEngine(pack: F.samplePack).evaluate(.cargo, evidence, context: F.context())
        let reason = try #require(verdict.reasons.first { $0.rule == .weightDeclared })
        #expect(reason.jsonValue == ["rule": "weight.declared", "outcome": "fail", "detail": "measured 31,240 kg, declared 24,000 kg, tolerance 5%"])
        #expect(verdict.decision == .hold)
    }

    @Test func missingEvidenceWaitsForConfidentPlateStableWeightAndEveryContainer() {
        let engine = RuleEngine(pack: F.samplePack)
        #expect(engine.missingEvidence(.cargo, CrossingEvidence()) == [.plate, .weight, .container, .scan, .declaration])
        #expect(engine.missingEvidence(.cargo, F.cleanTruck).isEmpty)
        var evidence = F.cleanTruck
        evidence.plates = [F.plate("12C12345", confidence: 0.5)]
        evidence.weights = [F.weight(24_000, stable: false, status: .motion)]
        #expect(engine.missingEvidence(.cargo, evidence) == [.plate, .weight])
        // Two containers declared, one read so far: complete only with the reference data's help.
        evidence = F.cleanTruck
        let twoContainers = try! ReferenceData(json: [
            "site": "huu-nghi", "version": 1, "issuedAt": "2026-11-23T07:00:00.000Z",
            "vehicles": [["plate": "12C12345", "containers": ["CSQU3054383", "MSKU1234565"], "declaredGrossKg": 30000, "axles": 5, "declaration": "1"]],
        ])
        #expect(engine.missingEvidence(.cargo, evidence, reference: twoContainers) == [.container])
        #expect(engine.missingEvidence(.cargo, evidence).isEmpty)
        evidence.containers.append(F.container("MSKU1234565"))
        #expect(engine.missingEvidence(.cargo, evidence, reference: twoContainers).isEmpty)
    }
}
