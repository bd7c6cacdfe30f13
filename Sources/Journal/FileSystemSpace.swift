import Foundation

/// Free space for unprivileged writers on the file system holding a path.
public enum FileSystemSpace {
    /// Bytes available to this process at `path`, or nil if statvfs fails.
    @Sendable public static func freeBytes(at path: String) -> Int64? {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return nil }
        return Int64(info.f_bavail) * Int64(info.f_frsize)
    }
}
