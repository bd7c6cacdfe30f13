import LaneModel
import Lanes
import Rules

/// The rule pack, reference data and readings the lane tests use: a Huu Nghi-style cargo lane
/// expecting two trucks, and a Bac Luan-style people lane.
enum LaneFixtures {
    static let start = Timestamp(rfc3339: "2026-11-23T08:00:00.000Z")!

    static let pack: RulePack = {
        var thresholds = RuleThresholds()
        thresholds.grossLimitKg = [2: 16_000, 3: 24_000, 4: 32_000]
        thresholds.collectTimeoutSeconds = 60
        return RulePack(
            name: "test-pack", version: "2026.11.23", sha256: String(repeating: "ab", count: 32), thresholds: thresholds,
            required: [.cargo: [.plate, .weight, .container, .scan, .declaration], .people: [.document, .face]],
            outcomes: [.weightDeclared: .hold, .weightAxleLimit: .hold, .watchlist: .hold])
    }()

    /// The test pack with the passport chip required on people lanes, and a failed proof HOLD.
    static let chipPack: RulePack = RulePack(
        name: "test-chip-pack", version: "2026.12.06", sha256: String(repeating: "cd", count: 32), thresholds: pack.thresholds,
        required: [.cargo: [.plate, .weight, .container, .scan, .declaration], .people: [.document, .chip, .face]],
        outcomes: [.watchlist: .hold, .documentChipAuthentic: .hold, .documentChipMRZMatch: .hold, .documentChipGenuine: .hold])

    static let firstTruck = "12C12345"
    static let secondTruck = "12C67890"
    static let firstContainer = "CSQU3054383"
    static let secondContainer = "MSKU1234565"
    static let firstDeclaration = "103456789012"
    static let secondDeclaration = "103456789099"

    static let reference: ReferenceData = try! ReferenceData(json: [
        "site": "huu-nghi", "version": 7, "issuedAt": "2026-11-23T06:00:00.000Z",
        "vehicles": [
            ["plate": .string(firstTruck), "containers": [.string(firstContainer)], "declaredGrossKg": 24_000, "axles": 4,
             "declaration": .string(firstDeclaration)],
            ["plate": .string(secondTruck), "containers": [.string(secondContainer)], "declaredGrossKg": 18_000, "axles": 4,
             "declaration": .string(secondDeclaration)],
        ],
        "watchlist": ["plates": ["29H99999"], "documents": ["C9999999"], "subjects": ["S-999"]],
    ])

    // Cargo readings.
    static func plate(_ plate: String = firstTruck, confidence: Double = 0.94) -> LaneObservation {
        .plate(PlateRead(raw: plate, normalized: plate, country: "VN", confidence: confidence, direction: "approach"))
    }

    static func weight(_ kilograms: Double = 24_150, stable: Bool = true, at time: Timestamp = start) -> LaneObservation {
        .weight(WeightReading(device: "scale-1", time: time, weightKg: kilograms, stable: stable, status: stable ? .ok : .motion, gross: true))
    }

    static func container(_ code: String = firstContainer, valid: Bool = true) -> LaneObservation {
        .container(ContainerRead(raw: code, code: code, valid: valid, problem: valid ? nil : "check digit 3 expected, 7 read", confidence: 0.9))
    }

    static func scan(_ verdict: ScanResult.Verdict = .clear, id: String = "X-1", containers: [String] = [firstContainer]) -> LaneObservation {
        .scan(ScanResult(scanId: id, verdict: verdict, containers: containers, operatorName: nil))
    }

    static func declaration(_ number: String = firstDeclaration) -> LaneObservation {
        .code(CodeRead(text: "VNACCS|\(number)|HUU NGHI", transport: "serial"))
    }

    /// Everything a clean first truck sends, in a realistic order.
    static let cleanTruck: [LaneObservation] = [plate(), weight(23_900, stable: false), weight(), container(), scan(), declaration()]
    static let cleanSecondTruck: [LaneObservation] = [
        plate(secondTruck), weight(18_100), container(secondContainer), scan(id: "X-2", containers: [secondContainer]),
        declaration(secondDeclaration),
    ]

    // People readings.
    static func document(_ number: String = "C1234567", expiry: String = "2031-05-01", failedChecks: [String] = []) -> LaneObservation {
        .document(DocumentRead(format: "TD3", documentCode: "P", issuer: "VNM", number: number, nationality: "VNM", birthDate: "1990-01-01",
                               sex: "F", expiryDate: expiry, surname: "NGUYEN", givenNames: "THI LAN", failedChecks: failedChecks,
                               expired: expiry < "2026-11-23"))
    }

    /// A passport chip read as the chip reader reports it; `passive` is passive authentication's outcome.
    static func chip(_ number: String = "C1234567", read: Bool = true, passive: ChipCheck.Outcome = .passed) -> LaneObservation {
        guard case .document(let document) = document(number) else { fatalError("document() makes documents") }
        return .chip(ChipRead(access: read ? "BAC" : "none", read: read, failure: read ? nil : "access denied: the MRZ key does not open this chip",
                              dataGroups: read ? [1, 2] : [], document: read ? document : nil,
                              passiveAuthentication: ChipCheck(outcome: read ? passive : .notChecked, method: read ? "PA" : nil, detail: "test"),
                              chipAuthentication: ChipCheck(outcome: read ? .notOffered : .notChecked, method: nil, detail: "no DG14, no DG15")))
    }

    static func face(score: Double = 0.91, passed: Bool = true, live: Bool? = true, subject: String? = "P-1") -> LaneObservation {
        .face(BiometricMatch(passed: passed, score: score, subject: subject, vendorEvent: "75", live: live))
    }

    static func device(of observation: LaneObservation) -> String {
        switch observation {
        case .plate: "anpr-1"
        case .weight: "scale-1"
        case .container: "ocr-1"
        case .scan: "xray-1"
        case .code: "qr-1"
        case .document: "mrz-1"
        case .chip: "chip-1"
        case .face, .fingerprint: "terminal-1"
        }
    }

    static func recordKind(of observation: LaneObservation) -> String {
        switch observation {
        case .plate: "reading.plate"
        case .weight: "reading.weight"
        case .container: "reading.container"
        case .scan: "reading.scan"
        case .code: "reading.code"
        case .document: "reading.document"
        case .chip: "reading.document.chip"
        case .face: "reading.face"
        case .fingerprint: "reading.fingerprint"
        }
    }
}
