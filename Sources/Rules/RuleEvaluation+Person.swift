import LaneModel

/// The people-lane rules: travel document, face and fingerprint. Details name what failed,
/// never the person (name, number or birth date stay in the reading records).
extension RuleEvaluation {
    /// Why a border pass alone cannot be judged yet.
    static let borderPassOnly = "border pass QR read but no MRZ: a border pass alone is never CLEAR until central publishes how to verify one"

    func documentMRZ() -> (RuleOutcome, String) {
        guard let document else { return (.missing, evidence.codes.isEmpty ? "no travel document read" : Self.borderPassOnly) }
        if document.failedChecks.isEmpty { return (.pass, "\(document.format) MRZ check digits verify") }
        return (.fail, "\(document.format) MRZ check digits fail: \(document.failedChecks.joined(separator: ", "))")
    }

    func documentExpiry() -> (RuleOutcome, String) {
        guard let document else { return (.missing, evidence.codes.isEmpty ? "no travel document read" : Self.borderPassOnly) }
        let today = String(context.now.rfc3339.prefix(10))
        guard Self.isDay(document.expiryDate) else { return (.fail, "expiry date \"\(document.expiryDate)\" is not a date (YYYY-MM-DD)") }
        // ISO dates compare correctly as text.
        if document.expiryDate >= today { return (.pass, "valid until \(document.expiryDate)") }
        return (.fail, "expired on \(document.expiryDate) (decision day \(today) UTC)")
    }

    func faceMatch() -> (RuleOutcome, String) {
        guard let face = bestFace else { return (.missing, "no face verification from the terminal") }
        let minimum = Self.fraction(thresholds.faceMinScore)
        guard face.passed else {
            return (.fail, "the terminal did not match the face" + (face.score.map { " (score \(Self.fraction($0)))" } ?? ""))
        }
        guard let score = face.score else { return (.fail, "the terminal matched the face but sent no score; \(minimum) needed") }
        return score >= thresholds.faceMinScore
            ? (.pass, "score \(Self.fraction(score)) ≥ \(minimum)") : (.fail, "score \(Self.fraction(score)) below \(minimum)")
    }

    func faceLiveness() -> (RuleOutcome, String) {
        guard !evidence.faces.isEmpty else { return (.missing, "no face verification from the terminal") }
        // One failed liveness check outweighs a passed one: it may be a presentation attack.
        if evidence.faces.contains(where: { $0.live == false }) { return (.fail, "the terminal reported a liveness failure") }
        if evidence.faces.contains(where: { $0.live == true }) { return (.pass, "the terminal reported a live face") }
        return (.missing, "terminal reported no liveness result")
    }

    func fingerprintMatch() -> (RuleOutcome, String) {
        guard !evidence.fingerprints.isEmpty else { return (.missing, "no fingerprint verification from the terminal") }
        if evidence.fingerprints.contains(where: \.passed) { return (.pass, "the terminal matched the fingerprint") }
        return (.fail, "the terminal did not match the fingerprint (\(evidence.fingerprints.count) attempt\(evidence.fingerprints.count == 1 ? "" : "s"))")
    }

    /// The face verification the rules judge: a passed one with the highest score, then a passed
    /// one without a score, then the last one.
    var bestFace: BiometricMatch? {
        let passed = evidence.faces.filter(\.passed)
        return passed.filter { $0.score != nil }.max { $0.score! < $1.score! } ?? passed.last ?? evidence.faces.last
    }

    /// True for `YYYY-MM-DD`.
    static func isDay(_ text: String) -> Bool {
        let bytes = Array(text.utf8)
        guard bytes.count == 10, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-") else { return false }
        return bytes.enumerated().allSatisfy { index, byte in index == 4 || index == 7 || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) }
    }
}
