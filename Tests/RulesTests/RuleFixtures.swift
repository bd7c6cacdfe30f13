import Foundation
import LaneModel
import Rules

/// Readings, reference data and packs the rule tests share: a clean truck and a clean
/// traveller that CLEAR under the sample pack, and builders to spoil them one way at a time.
enum RuleFixtures {
    static let now = Timestamp(rfc3339: "2026-11-23T08:00:00.000Z")!

    static func at(secondsBefore seconds: Int64) -> Timestamp {
        Timestamp(millisecondsSinceEpoch: now.millisecondsSinceEpoch - seconds * 1000)
    }

    /// `deploy/rules/default.toml` in this checkout.
    static let samplePackPath = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("deploy/rules/default.toml").path

    static let samplePack: RulePack = try! RulePack.load(path: samplePackPath)

    /// The sample pack's text with `replacements` applied (each must be present).
    static func samplePack(replacing replacements: [(String, String)]) -> RulePack {
        var text = try! String(contentsOfFile: samplePackPath, encoding: .utf8)
        for (old, new) in replacements {
            precondition(text.contains(old), "the sample pack no longer contains \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try! RulePack.parse(text, path: "test.toml")
    }

    static let reference = referenceData(issued: at(secondsBefore: 3600))

    static func referenceData(issued: Timestamp, expires: Timestamp? = nil) -> ReferenceData {
        var body: [String: JSONValue] = [
            "site": "huu-nghi", "version": 12, "issuedAt": .string(issued.rfc3339),
            "vehicles": [
                ["plate": "12C-123.45", "containers": ["CSQU 305438 3"], "declaredGrossKg": 24000, "axles": 5, "declaration": "101234567890"],
                ["plate": "29H11111", "containers": [], "declaredGrossKg": 15000, "axles": 2, "declaration": "102222222222"],
                ["plate": "15C08888", "containers": ["MSKU1234565"], "declaredGrossKg": 20000, "axles": 3, "declaration": "103333333333"],
            ],
            "watchlist": ["plates": ["29H99900"], "documents": ["C7654321"], "subjects": ["emp-666"]],
        ]
        if let expires { body["expiresAt"] = .string(expires.rfc3339) }
        return try! ReferenceData(json: .object(body))
    }

    static func plate(_ text: String, confidence: Double? = 0.94) -> PlateRead {
        let normalized = String(text.uppercased().filter { $0.isLetter || $0.isNumber })
        return PlateRead(raw: text, normalized: normalized, country: "VN", confidence: confidence, direction: "approach")
    }

    static func weight(_ kilograms: Double?, stable: Bool = true, status: WeightStatus = .ok) -> WeightReading {
        WeightReading(device: "scale-1", time: at(secondsBefore: 20), weightKg: kilograms, stable: stable, status: status, gross: true)
    }

    static func container(_ code: String, problem: String? = nil) -> ContainerRead {
        ContainerRead(raw: code, code: code, valid: problem == nil, problem: problem, confidence: 0.9)
    }

    static func scan(_ verdict: ScanResult.Verdict, id: String = "S-1001") -> ScanResult {
        ScanResult(scanId: id, verdict: verdict, containers: ["CSQU3054383"], operatorName: "analyst 7")
    }

    static func code(_ text: String) -> CodeRead { CodeRead(text: text, transport: "serial") }

    static func document(number: String = "B1234567<", expiry: String = "2030-01-01", failedChecks: [String] = []) -> DocumentRead {
        DocumentRead(format: "TD3", documentCode: "P", issuer: "VNM", number: number, nationality: "VNM", birthDate: "1980-05-17",
                     sex: "F", expiryDate: expiry, surname: "NGUYEN", givenNames: "THI MAI", failedChecks: failedChecks, expired: false)
    }

    static func face(passed: Bool = true, score: Double? = 0.91, subject: String? = "emp-1", live: Bool? = true,
                     terminal: TerminalSettings? = nil) -> BiometricMatch {
        BiometricMatch(passed: passed, score: score, subject: subject, vendorEvent: "75", live: live, terminal: terminal)
    }

    /// A face as a real terminal reports it: passed by its own threshold, no score, no liveness
    /// flag, from a terminal whose `[[devices]]` declares its liveness check (or not).
    static func terminalFace(passed: Bool = true, livenessCheck: Bool = true) -> BiometricMatch {
        face(passed: passed, score: nil, subject: passed ? "emp-1" : nil, live: nil,
             terminal: TerminalSettings(matchThreshold: 85, livenessCheck: livenessCheck).declared)
    }

    static func fingerprint(passed: Bool = true, subject: String? = "emp-1") -> BiometricMatch {
        BiometricMatch(passed: passed, score: nil, subject: subject, vendorEvent: "1", live: nil)
    }

    /// A container truck that CLEARs under the sample pack.
    static var cleanTruck: CrossingEvidence {
        var evidence = CrossingEvidence()
        evidence.plates = [plate("12C-123.45")]
        evidence.weights = [weight(23_900, stable: false, status: .motion), weight(24_150)]
        evidence.containers = [container("CSQU3054383")]
        evidence.scans = [scan(.clear)]
        evidence.codes = [code("VNACCS|101234567890|2026-11-23")]
        return evidence
    }

    /// A traveller that CLEARs under the sample pack.
    static var cleanTraveller: CrossingEvidence {
        var evidence = CrossingEvidence()
        evidence.documents = [document()]
        evidence.faces = [face()]
        return evidence
    }

    static func context(reference: ReferenceData? = RuleFixtures.reference) -> RuleContext {
        RuleContext(now: now, clockSynced: true, reference: reference)
    }
}
