import Foundation

/// A file's modification time and size: enough to tell that a file the agent replaces
/// atomically has changed, without reading it.
struct FileStamp: Equatable, Sendable {
    let modified: Date
    let size: Int

    /// Nil when the file does not exist.
    init?(path: String) {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
              let modified = attributes[.modificationDate] as? Date else { return nil }
        self.modified = modified
        size = (attributes[.size] as? NSNumber)?.intValue ?? 0
    }
}
