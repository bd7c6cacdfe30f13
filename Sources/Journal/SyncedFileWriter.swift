import Foundation
import Records

/// Writes a file under a temporary name and renames it into place only after fsync, so a
/// crash never leaves a half-written export or salvage file under the name asked for.
public final class SyncedFileWriter {
    public let path: String
    private let temporaryPath: String
    private let descriptor: Int32
    private var buffer: [UInt8] = []

    /// Starts writing `path` (`-` writes to standard output, unsynced).
    public init(path: String) throws(JournalError) {
        self.path = path
        if path == "-" {
            temporaryPath = ""
            descriptor = STDOUT_FILENO
            return
        }
        temporaryPath = path + ".partial"
        descriptor = open(temporaryPath, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path, "cannot create: \(String(cString: strerror(errno)))") }
    }

    /// Appends `bytes` and a newline.
    public func writeLine<Bytes: Sequence<UInt8>>(_ bytes: Bytes) throws(JournalError) {
        buffer.append(contentsOf: bytes)
        buffer.append(0x0A)
        if buffer.count >= 1 << 20 { try flush() }
    }

    private func flush() throws(JournalError) {
        var offset = 0
        while offset < buffer.count {
            let written = buffer.withUnsafeBytes { write(descriptor, $0.baseAddress! + offset, $0.count - offset) }
            guard written > 0 else { throw .io(path, "write failed: \(String(cString: strerror(errno)))") }
            offset += written
        }
        buffer.removeAll(keepingCapacity: true)
    }

    /// Flushes, fsyncs and renames the file into place.
    public func finish() throws(JournalError) {
        try flush()
        guard descriptor != STDOUT_FILENO else { return }
        guard fsync(descriptor) == 0 else { throw .io(path, "fsync failed: \(String(cString: strerror(errno)))") }
        close(descriptor)
        guard rename(temporaryPath, path) == 0 else { throw .io(path, "rename failed: \(String(cString: strerror(errno)))") }
        DirectorySync.sync((path as NSString).deletingLastPathComponent.isEmpty ? "." : (path as NSString).deletingLastPathComponent)
    }

    /// Writes `path` through `body`: the file is finished (synced and renamed into place) if
    /// `body` returns, and discarded if it throws.
    public static func produce<T>(_ path: String, _ body: (SyncedFileWriter) throws(JournalError) -> T) throws(JournalError) -> T {
        let writer = try SyncedFileWriter(path: path)
        do {
            let result = try body(writer)
            try writer.finish()
            return result
        } catch {
            writer.discard()
            throw error
        }
    }

    /// Abandons the file.
    public func discard() {
        guard descriptor != STDOUT_FILENO else { return }
        close(descriptor)
        unlink(temporaryPath)
    }
}
