import Foundation
import LaneModel

/// Why evidence could not be stored or read; the reading that carried it is refused (the device
/// resends), so nothing is recorded half.
public struct EvidenceError: LaneAgentError {
    public let code: String
    public let message: String
    public let advice: String

    public var description: String { "\(code): \(message). \(advice)" }
    public var isUsageError: Bool { code == "LA-EVIDENCE-003" }

    static func io(_ path: String, _ operation: String, errno number: Int32) -> EvidenceError {
        EvidenceError(code: "LA-EVIDENCE-001", message: "cannot \(operation) \(path): \(String(cString: strerror(number)))",
                      advice: "Check that the state directory is writable and the disk is not full.")
    }

    static func index(_ error: any Error) -> EvidenceError {
        EvidenceError(code: "LA-EVIDENCE-002", message: "the evidence index failed: \(error)",
                      advice: "Check the state directory's disk; the agent retries with the next event.")
    }

    static let noSealKey = EvidenceError(
        code: "LA-EVIDENCE-003", message: "personal evidence (a face image or fingerprint template) arrived, but [evidence] seal_to is not set",
        advice: "Set [evidence] seal_to to the central service's X25519 public key; personal data is never stored unsealed.")

    static func seal(_ failure: any Error) -> EvidenceError {
        EvidenceError(code: "LA-EVIDENCE-004", message: "\(failure)", advice: "Check [evidence] seal_to.")
    }
}
