import Foundation

/// Writes a result file and its image into a drop folder the way a well-behaved scanner
/// should: each under a hidden temporary name, then renamed into place, image first, so a
/// watcher never sees a partial file or a result whose image is not there yet.
public enum ScanFolderWriter {
    /// Writes `image` as `imageName` (when given), then `result` as `resultName`.
    public static func write(result: [UInt8], named resultName: String, image: [UInt8]? = nil, imageName: String? = nil,
                             into folder: String) throws {
        if let image, let imageName { try writeAtomically(image, to: folder + "/" + imageName, folder: folder) }
        try writeAtomically(result, to: folder + "/" + resultName, folder: folder)
    }

    /// Writes `bytes` under a hidden name in `folder`, then renames it to `path` (one rename(2)).
    public static func writeAtomically(_ bytes: [UInt8], to path: String, folder: String) throws {
        let temporary = folder + "/.writing-" + UUID().uuidString
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        if rename(temporary, path) != 0 {
            let code = errno
            try? FileManager.default.removeItem(atPath: temporary)
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, "errno": code])
        }
    }
}
