import Foundation
import Logging

/// The state directory holds every record (names, plates, decisions) and the device key, so
/// only the agent's own user may enter it. The systemd unit sets `StateDirectoryMode=0700` and
/// `UMask=0077`, but an agent started by hand, by a script or in a container has neither: the
/// modes are set here instead of assumed.
enum StateDirectory {
    /// Creates the directory 0700, or checks an existing one: it must belong to the user running
    /// the agent (anyone else could read or replace the journal), and group or other permission
    /// is taken away with a warning. Then the journal's files get mode 0600.
    static func prepare(_ paths: JournalPaths, logger: Logger = Logger(label: "laneagent.journal")) throws(JournalError) {
        let path = paths.stateDirectory
        do {
            // The attributes are applied with chmod after mkdir, so the umask cannot widen them.
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io(path, "cannot create the state directory: \(error.localizedDescription)")
        }
        var info = stat()
        guard stat(path, &info) == 0 else { throw .io(path, "cannot examine the state directory: \(String(cString: strerror(errno)))") }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw .io(path, "state_dir is not a directory") }
        let user = geteuid()
        guard info.st_uid == user else { throw .stateDirectoryOwner(path, owner: info.st_uid, user: user) }
        let mode = info.st_mode & 0o7777
        if mode & 0o077 != 0 {
            guard chmod(path, 0o700) == 0 else {
                throw .io(path, "the state directory has mode \(String(mode, radix: 8)) and cannot be made 0700: \(String(cString: strerror(errno)))")
            }
            logger.warning("tightened the state directory from mode \(String(mode, radix: 8)) to 700: group and others must not read the journal or the device key",
                           metadata: ["path": "\(path)"])
        }
        try privateFiles(paths)
    }

    /// SQLite creates a new database with mode 0644 less the umask, and its `-wal` and `-shm`
    /// with the database file's own mode (it fchmods them to match). So the database file is
    /// created 0600 here before SQLite opens it, and files an older agent left wider are narrowed.
    private static func privateFiles(_ paths: JournalPaths) throws(JournalError) {
        let descriptor = open(paths.database, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(paths.database, "cannot create the journal: \(String(cString: strerror(errno)))") }
        defer { close(descriptor) }
        var info = stat()
        // fchmod on the descriptor: exactly 0600 whatever the umask was.
        guard fstat(descriptor, &info) == 0, info.st_mode & 0o777 == 0o600 || fchmod(descriptor, 0o600) == 0 else {
            throw .io(paths.database, "cannot set mode 0600: \(String(cString: strerror(errno)))")
        }
        for sidecar in paths.databaseFiles.dropFirst() where stat(sidecar, &info) == 0 && info.st_mode & 0o077 != 0 {
            guard chmod(sidecar, 0o600) == 0 else { throw .io(sidecar, "cannot set mode 0600: \(String(cString: strerror(errno)))") }
        }
    }
}
