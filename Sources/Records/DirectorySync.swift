import Foundation

/// fsync of a directory, so a newly created file's name survives power loss too.
public enum DirectorySync {
    public static func sync(_ directory: String) {
        let descriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        fsync(descriptor)
        close(descriptor)
    }
}
