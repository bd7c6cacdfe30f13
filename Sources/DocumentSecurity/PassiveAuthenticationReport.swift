import LaneModel

/// What passive authentication proved about a chip's data, step by step.
public struct PassiveAuthenticationReport: Sendable, Equatable {
    /// What it came to.
    public enum Outcome: String, Sendable, Equatable {
        /// Signature, chain to a trusted CSCA, validity and every read data group's hash hold.
        case passed
        /// Something does not hold: `failures` says what.
        case failed
        /// Nothing failed, but there was no CSCA trust list to anchor the signer in.
        case notChecked = "not_checked"
    }

    public var outcome: Outcome
    /// One line per thing proved ("ok: …"), failed ("FAILED: …") or noted ("note: …"), in order.
    public var steps: [String]
    /// What failed, in order: the same texts as the FAILED steps.
    public var failures: [String]
    /// Data groups whose hash does not match EF.SOD, or that EF.SOD does not list.
    public var failedDataGroups: [Int]
    /// The document signer certificate's subject.
    public var signer: String?
    /// The trusted CSCA the signer chains to.
    public var anchor: String?

    /// The report as the chip reading records it (method "PA").
    public var check: ChipCheck {
        switch outcome {
        case .passed:
            return ChipCheck(outcome: .passed, method: "PA", detail: "signed by \(signer ?? "?") under CSCA \(anchor ?? "?"); every read data group's hash matches")
        case .failed:
            return ChipCheck(outcome: .failed, method: "PA", detail: failures.joined(separator: "; "))
        case .notChecked:
            return ChipCheck(outcome: .notChecked, method: "PA", detail: "no CSCA trust list: signature and hashes hold but the signer \(signer ?? "?") is not anchored")
        }
    }

    mutating func proved(_ text: String) { steps.append("ok: " + text) }
    mutating func noted(_ text: String) { steps.append("note: " + text) }
    mutating func failed(_ text: String) {
        steps.append("FAILED: " + text)
        failures.append(text)
    }
}
