import DocumentSecurity
import LaneModel

/// What reading one chip came to: the steps, the reading the lane records, and the face image
/// to seal as evidence.
public struct ChipReport: Sendable {
    /// Everything tried, proved and failed, in order.
    public var steps: [ChipStep]
    /// The body of `reading.document.chip`.
    public var reading: ChipRead
    /// DG2's face as personal evidence (`face`, JPEG or JPEG 2000); nil when DG2 was not read.
    public var face: EvidenceItem?
    /// Passive authentication's full report, nil when it was not run.
    public var passiveAuthentication: PassiveAuthenticationReport?
}
