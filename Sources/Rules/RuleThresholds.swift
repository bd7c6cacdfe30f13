/// `[thresholds]` of a rule pack; the defaults are the sample pack's values.
public struct RuleThresholds: Sendable, Hashable {
    public var weightTolerancePercent = 5.0
    public var plateMinConfidence = 0.80
    public var faceMinScore = 0.80
    public var livenessRequired = true
    /// `accept_terminal_face_verdict`: a face the terminal matched by its own threshold, with
    /// no score, passes face.match (real Hikvision and ZKTeco terminals send no score).
    public var acceptTerminalFaceVerdict = true
    /// `accept_terminal_liveness`: a face a terminal passed with its own liveness check on
    /// (`liveness_check = true` in its `[[devices]]`) counts as live.
    public var acceptTerminalLiveness = true
    public var fingerprintRequired = false
    /// `chip_genuine_required`: a chip that offers neither Active nor Chip Authentication fails
    /// `document.chip_genuine` as missing (REFER); when false it passes with that said.
    public var chipGenuineRequired = false
    public var repeatWindowSeconds = 300
    public var referenceMaxAgeSeconds = 86_400
    public var collectTimeoutSeconds = 60
    /// `[thresholds.gross_limit_kg]`: the legal gross weight by axle count.
    public var grossLimitKg: [Int: Double] = [:]

    public init() {}
}
