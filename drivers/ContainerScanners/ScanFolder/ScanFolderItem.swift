import DeviceKit
import LaneModel

/// One result file the watcher finished waiting for: its reading (evidence loaded) or why it
/// was refused. Hand it back to `ScanFolderWatcher.settle(_:)` once journalled.
public struct ScanFolderItem: Sendable, Hashable {
    public enum Content: Sendable, Hashable {
        case reading(Reading)
        case rejection(EventRejection)
    }

    /// The result file's name in the folder, such as `SCAN123.json`.
    public let file: String
    /// The image file it named (`imageFile`), moved along with it when settled.
    public let imageFile: String?
    public let content: Content

    public init(file: String, imageFile: String?, content: Content) {
        self.file = file
        self.imageFile = imageFile
        self.content = content
    }
}
