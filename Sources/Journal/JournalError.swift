import Foundation
import LaneModel
import Records

/// What went wrong with the device key or the journal, with the file and what to do.
public typealias JournalError = CodedError<JournalErrorDomain>

/// The domain of `JournalError`: the journal, and the device key as the journal reports it.
public enum JournalErrorDomain: ErrorDomain {}

extension CodedError where Domain == JournalErrorDomain {
    /// The device key could not be used: its code and words, unchanged.
    public init(_ key: KeyError) {
        self.init(key.code, key.message, usage: key.isUsageError)
    }

    static func notFound(_ path: String) -> JournalError {
        JournalError("LA-JOURNAL-001", "no journal at \(path); `laneagent run` or `laneagent diag bench` creates it", usage: true)
    }
    static func locked(_ path: String) -> JournalError {
        JournalError("LA-JOURNAL-002", "journal \(path) is open for writing by another process (is `laneagent run` active?); stop it first")
    }
    /// The journal failed its open-time check; the agent must not start on it.
    public static func damaged(_ path: String, _ damage: String) -> JournalError {
        JournalError("LA-JOURNAL-003",
                     """
                         journal \(path) is damaged: \(damage). The agent will not start on it; save what verifies with `laneagent journal salvage \
                         --config FILE --out FILE`
                         """)
    }
    static func identityMismatch(_ path: String, _ detail: String) -> JournalError {
        JournalError("LA-JOURNAL-004", "journal \(path) belongs to another identity: \(detail); point state_dir at this device's own journal", usage: true)
    }
    static func storage(_ path: String, _ detail: String) -> JournalError {
        JournalError("LA-JOURNAL-005", "journal \(path) could not be written: \(detail); the record was not committed")
    }
    /// Appends stopped for a reason outside the journal (cancellation, a failed producer).
    public static func interrupted(_ path: String, _ detail: String) -> JournalError {
        JournalError("LA-JOURNAL-009", "appends to \(path) were interrupted: \(detail)")
    }
    static func closed(_ path: String) -> JournalError {
        JournalError("LA-JOURNAL-006", "journal \(path) is closed; the record was not committed")
    }
    static func io(_ path: String, _ detail: String) -> JournalError {
        JournalError("LA-JOURNAL-007", "\(path): \(detail)", usage: true)
    }
    /// Another user's state directory: that user could read or replace the journal and the key.
    static func stateDirectoryOwner(_ path: String, owner: uid_t, user: uid_t) -> JournalError {
        JournalError("LA-JOURNAL-010",
                     """
                         state directory \(path) belongs to \(userName(owner)), not to \(userName(user)) running the agent; the journal and the device \
                         key must be private to the one user that writes them. Run the agent as \(userName(owner)) (e.g. `runuser -u \
                         \(userName(owner, bare: true)) -- laneagent …`) or point state_dir at a directory of your own
                         """, usage: true)
    }
    private static func userName(_ uid: uid_t, bare: Bool = false) -> String {
        guard let entry = getpwuid(uid), let name = entry.pointee.pw_name else { return bare ? "\(uid)" : "uid \(uid)" }
        return bare ? String(cString: name) : "\(String(cString: name)) (uid \(uid))"
    }
    static func badRange(_ detail: String) -> JournalError {
        JournalError("LA-JOURNAL-008", detail, usage: true)
    }
}
