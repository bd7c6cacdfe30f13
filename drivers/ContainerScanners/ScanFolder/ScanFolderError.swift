import LaneModel

/// Why a drop folder cannot be watched or a result file cannot be moved on: a stable code, the
/// folder, what failed and what to do.
public struct ScanFolderError: LaneAgentError, Hashable {
    /// `LA-SCANFOLDER-001` the folder is missing, `-002` it cannot be listed or written,
    /// `-003` a processed file could not be moved into `done/` or `rejected/`.
    public let code: String
    public let path: String
    public let reason: String
    public let advice: String

    public var isUsageError: Bool { code == Self.missingCode }

    public var description: String { "\(code): scan folder \(path): \(reason). \(advice)" }

    static let missingCode = "LA-SCANFOLDER-001"

    static func missing(_ path: String) -> ScanFolderError {
        ScanFolderError(code: missingCode, path: path, reason: "no such folder",
                        advice: "Create it, mount the scanner's share there, or fix `folder` in the device's [[devices]] entry.")
    }

    static func notAccessible(_ path: String, _ reason: String) -> ScanFolderError {
        ScanFolderError(code: "LA-SCANFOLDER-002", path: path, reason: reason,
                        advice: "The agent's user needs read, write and search permission on the folder (it moves files into done/ and rejected/).")
    }

    static func cannotMove(_ path: String, _ reason: String) -> ScanFolderError {
        ScanFolderError(code: "LA-SCANFOLDER-003", path: path, reason: reason,
                        advice: "Check free space and permissions on the folder and its done/ and rejected/ subfolders.")
    }
}
