import Foundation
import Synchronization

/// An exclusive flock held while a process writes the journal, so two writers can never
/// number records independently. The kernel drops it when the process dies, even by SIGKILL.
final class WriterLock: Sendable {
    private let descriptor: Int32
    private let held = Mutex(true)

    private init(descriptor: Int32) { self.descriptor = descriptor }

    static func acquire(_ path: String, journal: String) throws(JournalError) -> WriterLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw .io(path, "cannot open the lock file: \(String(cString: strerror(errno)))") }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            close(descriptor)
            throw .locked(journal)
        }
        return WriterLock(descriptor: descriptor)
    }

    /// Releases the lock; later calls do nothing (the descriptor number may be reused by then).
    func release() {
        guard held.withLock({ held in defer { held = false }; return held }) else { return }
        flock(descriptor, LOCK_UN)
        close(descriptor)
    }
}
