/// One thing proved (or not) about a travel document's chip: passive authentication (the data
/// groups are signed by a document signer chaining to a trusted CSCA) or chip authenticity
/// (Active or Chip Authentication: the chip holds the private key, so it is not a copy).
public struct ChipCheck: RecordObject, Hashable {
    /// What the check came to.
    public enum Outcome: String, RecordValue, Hashable, CaseIterable {
        /// Proved.
        case passed
        /// Tried and disproved: a signature, hash, chain or challenge that does not hold.
        case failed
        /// The chip does not offer it (no DG15 for Active Authentication, no DG14 for Chip Authentication).
        case notOffered = "not_offered"
        /// Not tried: the read stopped before it, or nothing to check it against.
        case notChecked = "not_checked"
    }

    public var outcome: Outcome
    /// How it was proved: `PA`, `AA` or `CA`; nil when nothing was tried.
    public var method: String?
    /// What was proved or what failed, for an officer and a technician: never the holder's data.
    public var detail: String

    public init(outcome: Outcome, method: String?, detail: String) {
        self.outcome = outcome
        self.method = method
        self.detail = detail
    }

    public func write(to members: inout RecordMembers) {
        members.required("outcome", outcome)
        members.required("method", method)
        members.required("detail", detail)
    }
}
