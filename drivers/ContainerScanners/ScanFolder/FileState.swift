import Foundation

/// What a poll saw of one file: two equal states in successive polls mean the writer is done.
struct FileState: Sendable, Hashable {
    var size: Int
    var modified: Date
    /// The name is a symbolic link (seen with lstat): refused, never followed, since it can
    /// point anywhere the agent may read (/etc/passwd, the journal, the device key).
    var isSymbolicLink = false
}
