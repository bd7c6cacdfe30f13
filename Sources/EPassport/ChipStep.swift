/// One line of what a chip read proved, for `laneagent diag chip` and the logs: never the
/// holder's data.
public struct ChipStep: Sendable, Hashable, CustomStringConvertible {
    public enum Outcome: String, Sendable, Hashable {
        /// Something proved or done ("BAC established", "DG1's hash matches EF.SOD").
        case passed = "ok"
        /// Something that failed or does not hold.
        case failed = "FAILED"
        /// Neither: what was found or skipped ("EF.CardAccess absent: no PACE").
        case note
    }

    public let outcome: Outcome
    public let text: String

    public init(_ outcome: Outcome, _ text: String) {
        self.outcome = outcome
        self.text = text
    }

    /// "ok: BAC established", "FAILED: …", "note: …".
    public var description: String { "\(outcome.rawValue): \(text)" }
}
