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
        if let score = face.score {
            return score >= thresholds.faceMinScore
                ? (.pass, "score \(Self.fraction(score)) ≥ \(minimum)") : (.fail, "score \(Self.fraction(score)) below \(minimum)")
        }
        guard thresholds.acceptTerminalFaceVerdict else {
            return (.fail, "the terminal matched the face by its own threshold and sent no score; this pack needs a score of \(minimum) (accept_terminal_face_verdict = false)")
        }
        let threshold = face.terminal?.matchThreshold.map { " (match_threshold \(CanonicalJSON.formatNumber($0)) declared for it)" } ?? ""
        return (.pass, "the terminal matched the face by its own threshold\(threshold)")
    }

    func faceLiveness() -> (RuleOutcome, String) {
        guard !evidence.faces.isEmpty else { return (.missing, "no face verification from the terminal") }
        // One failed liveness check outweighs a passed one: it may be a presentation attack.
        if evidence.faces.contains(where: { $0.live == false }) { return (.fail, "the terminal reported a liveness failure") }
        if evidence.faces.contains(where: { $0.live == true }) { return (.pass, "the terminal reported a live face") }
        // Terminals with anti-spoofing on never pass a face they judged a spoof, and say no more.
        guard let face = bestFace, face.passed, face.terminal?.livenessCheck == true else {
            return (.missing, "the terminal reported no liveness result, and its own liveness check is not declared (liveness_check in [[devices]])")
        }
        guard thresholds.acceptTerminalLiveness else {
            return (.missing, "the terminal reported no liveness result; its own liveness check is on, but this pack does not accept it (accept_terminal_liveness = false)")
        }
        return (.pass, "the terminal passed the face with its own liveness check on (liveness_check in [[devices]])")
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
