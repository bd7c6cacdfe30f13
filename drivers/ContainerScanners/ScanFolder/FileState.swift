import Foundation

/// What a poll saw of one file: two equal states in successive polls mean the writer is done.
struct FileState: Sendable, Hashable {
    var size: Int
    var modified: Date
}
